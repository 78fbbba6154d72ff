import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import { messagesArgs } from '../message/message.validation.ts';
import type { ConversationMemberRecord, ConversationRecord } from './conversation.repository.ts';
import {
  addConversationMembersInput,
  conversationsArgs,
  createGroupConversationInput,
  markConversationReadInput,
  startDirectConversationInput,
} from './conversation.validation.ts';

export const conversationQueries = {
  conversations: (_: unknown, args: unknown, { viewer, services }: CommunityContext) =>
    services.conversations.list(viewer, parseInput(conversationsArgs, args)),
  conversation: (_: unknown, args: { id: string }, { viewer, services, loaders }: CommunityContext) =>
    services.conversations.find(viewer, parseInput(idSchema, args.id), (id) => loaders.conversationById.load(id)),
  unreadMessageCount: (_: unknown, __: unknown, { viewer, services }: CommunityContext) => services.conversations.totalUnread(viewer),
};

export const conversationMutations = {
  startDirectConversation: (_: unknown, args: unknown, { viewer, services, loaders }: CommunityContext) =>
    services.conversations.startDirect(viewer, parseInput(startDirectConversationInput, args).userId, loaders.activeMemberByUserId),
  createGroupConversation: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.conversations.createGroup(viewer, parseInput(createGroupConversationInput, args.input), loaders.activeMemberByUserId),
  addConversationMembers: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.conversations.addMembers(viewer, parseInput(addConversationMembersInput, args.input), loaders.activeMemberByUserId),
  leaveConversation: (_: unknown, args: { conversationId: string }, { viewer, services }: CommunityContext) =>
    services.conversations.leave(viewer, parseInput(idSchema, args.conversationId)),
  markConversationRead: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.conversations.markRead(viewer, parseInput(markConversationReadInput, args.input)),
};

export const Conversation = {
  __resolveReference: (reference: { id: string }, { loaders }: CommunityContext) => loaders.conversationById.load(reference.id),
  createdBy: (conversation: ConversationRecord) => ({ id: conversation.createdById }),
  members: (conversation: ConversationRecord, _: unknown, { loaders }: CommunityContext) =>
    loaders.conversationMembersByConversationId.load(conversation.id),
  messages: (conversation: ConversationRecord, args: unknown, { services, loaders }: CommunityContext) =>
    services.messages.page(parseInput(messagesArgs, args), (page) =>
      loaders.messagesByConversationId.load({ parentId: conversation.id, ...page }),
    ),
  lastMessage: (conversation: ConversationRecord, _: unknown, { loaders }: CommunityContext) =>
    loaders.lastMessageByConversationId.load(conversation.id),
  unreadCount: async (conversation: ConversationRecord, _: unknown, { loaders }: CommunityContext) =>
    (await loaders.unreadCountByConversationId.load(conversation.id))?.count ?? 0,
};

export const ConversationMember = {
  user: (member: ConversationMemberRecord) => ({ id: member.userId }),
};
