import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { MessageRecord } from './message.repository.ts';
import { editMessageInput, sendMessageInput } from './message.validation.ts';

export const messageQueries = {
  message: (_: unknown, args: { id: string }, { viewer, services, loaders }: CommunityContext) =>
    services.messages.find(viewer, parseInput(idSchema, args.id), (id) => loaders.messageById.load(id)),
};

export const messageMutations = {
  sendMessage: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.messages.send(viewer, parseInput(sendMessageInput, args.input)),
  editMessage: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.messages.edit(viewer, parseInput(editMessageInput, args.input)),
  deleteMessage: async (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    (await services.messages.moderate(viewer, parseInput(idSchema, args.id), 'DELETE')).id,
};

export const Message = {
  __resolveReference: (reference: { id: string }, { loaders }: CommunityContext) => loaders.messageById.load(reference.id),
  conversation: (message: MessageRecord, _: unknown, { loaders }: CommunityContext) => loaders.conversationById.load(message.conversationId),
  sender: (message: MessageRecord) => ({ id: message.senderId }),
  replyTo: (message: MessageRecord, _: unknown, { loaders }: CommunityContext) =>
    message.replyToId ? loaders.messageById.load(message.replyToId) : null,
  attachments: (message: MessageRecord, _: unknown, { loaders }: CommunityContext) => loaders.filesByMessageId.load(message.id),
};
