import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { ConversationMemberResolvers, ConversationResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { messagesArgs } from '../message/message.validation.ts';
import {
  addConversationMembersInput,
  conversationsArgs,
  createGroupConversationInput,
  markConversationReadInput,
  startDirectConversationInput,
} from './conversation.validation.ts';

export const conversationQueries: QueryResolvers = {
  conversations: (_, args, { viewer, services }) => services.conversations.list(viewer, parseInput(conversationsArgs, args)),
  conversation: (_, { id }, { viewer, services, loaders }) =>
    services.conversations.find(viewer, parseInput(idSchema, id), (conversationId) => loaders.conversationById.load(conversationId)),
  unreadMessageCount: (_, __, { viewer, services }) => services.conversations.totalUnread(viewer),
};

export const conversationMutations: MutationResolvers = {
  startDirectConversation: (_, args, { viewer, services, loaders }) =>
    services.conversations.startDirect(viewer, parseInput(startDirectConversationInput, args).userId, loaders.activeMemberByUserId),
  createGroupConversation: (_, { input }, { viewer, services, loaders }) =>
    services.conversations.createGroup(viewer, parseInput(createGroupConversationInput, input), loaders.activeMemberByUserId),
  addConversationMembers: (_, { input }, { viewer, services, loaders }) =>
    services.conversations.addMembers(viewer, parseInput(addConversationMembersInput, input), loaders.activeMemberByUserId),
  leaveConversation: (_, { conversationId }, { viewer, services }) =>
    services.conversations.leave(viewer, parseInput(idSchema, conversationId)),
  markConversationRead: (_, { input }, { viewer, services }) =>
    services.conversations.markRead(viewer, parseInput(markConversationReadInput, input)),
};

export const Conversation: ConversationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.conversationById.load(reference.id),
  createdBy: (conversation) => ({ id: conversation.createdById }),
  members: (conversation, _, { loaders }) => loaders.conversationMembersByConversationId.load(conversation.id),
  messages: (conversation, args, { services, loaders }) =>
    services.messages.page(parseInput(messagesArgs, args), (page) =>
      loaders.messagesByConversationId.load({ parentId: conversation.id, ...page }),
    ),
  lastMessage: (conversation, _, { loaders }) => loaders.lastMessageByConversationId.load(conversation.id),
  unreadCount: async (conversation, _, { loaders }) => (await loaders.unreadCountByConversationId.load(conversation.id))?.count ?? 0,
};

export const ConversationMember: ConversationMemberResolvers = {
  user: (member) => ({ id: member.userId }),
};
