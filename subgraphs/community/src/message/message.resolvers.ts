import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MessageResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { editMessageInput, sendMessageInput } from './message.validation.ts';

export const messageQueries: QueryResolvers = {
  message: (_, { id }, { viewer, services, loaders }) =>
    services.messages.find(viewer, parseInput(idSchema, id), (messageId) => loaders.messageById.load(messageId)),
};

export const messageMutations: MutationResolvers = {
  sendMessage: (_, { input }, { viewer, services }) => services.messages.send(viewer, parseInput(sendMessageInput, input)),
  editMessage: (_, { input }, { viewer, services }) => services.messages.edit(viewer, parseInput(editMessageInput, input)),
  deleteMessage: async (_, { id }, { viewer, services }) =>
    (await services.messages.moderate(viewer, parseInput(idSchema, id), 'DELETE')).id,
};

export const Message: MessageResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.messageById.load(reference.id),
  conversation: (message, _, { loaders }) => loaders.conversationById.load(message.conversationId),
  sender: (message) => ({ id: message.senderId }),
  replyTo: (message, _, { loaders }) => (message.replyToId ? loaders.messageById.load(message.replyToId) : null),
  attachments: (message, _, { loaders }) => loaders.filesByMessageId.load(message.id),
};
