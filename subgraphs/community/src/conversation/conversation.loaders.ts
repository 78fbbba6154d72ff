import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import { FileRepository, type FileRecord } from '../file/file.repository.ts';
import { createPagedLoader } from '../loaders.ts';
import { MessageRepository, type MessageRecord } from '../message/message.repository.ts';
import { ConversationRepository, type ConversationMemberRecord, type MemberScope } from './conversation.repository.ts';

/**
 * Chat and file loaders of one request. Conversations and messages are scoped to the viewer's
 * memberships; with no organization they answer null or empty and the resolvers decide the error.
 */
export function createChatLoaders(prisma: PrismaClient, viewer: Viewer) {
  const scope: MemberScope | null =
    viewer.userId && viewer.organizationId && viewer.role ? { organizationId: viewer.organizationId, userId: viewer.userId } : null;
  const conversations = new ConversationRepository(prisma);
  const messages = new MessageRepository(prisma);
  const files = new FileRepository(prisma);
  const none = () => Promise.resolve([]);
  return {
    /** Conversations the viewer is a member of, by id. */
    conversationById: createKeyedLoader(
      (ids: readonly string[]) => (scope ? conversations.findJoinedByIds(scope, ids) : none()),
      (conversation) => conversation.id,
    ),
    conversationMembersByConversationId: createGroupedLoader(
      (ids: readonly string[]) => (scope ? conversations.membersOf(ids) : none()),
      (member: ConversationMemberRecord) => member.conversationId,
    ),
    /** The viewer's unread count per conversation. */
    unreadCountByConversationId: createKeyedLoader(
      (ids: readonly string[]) => (scope ? conversations.countUnread(scope, ids) : none()),
      (count) => count.conversationId,
    ),
    lastMessageByConversationId: createKeyedLoader(
      (ids: readonly string[]) => (scope ? messages.latestByConversations(scope, ids) : none()),
      (message: MessageRecord) => message.conversationId,
    ),
    /** Live messages in the viewer's conversations, by id. */
    messageById: createKeyedLoader(
      (ids: readonly string[]) => (scope ? messages.findVisibleByIds(scope, ids) : none()),
      (message) => message.id,
    ),
    /** Any undeleted message of the organization, hidden ones included: only for moderators reviewing reports. */
    moderatedMessageById: createKeyedLoader(
      async (ids: readonly string[]) =>
        scope ? (await messages.findByIds(scope.organizationId, ids)).filter((message) => !message.deletedAt) : [],
      (message) => message.id,
    ),
    messagesByConversationId: createPagedLoader(
      (ids, page) => (scope ? messages.listNewestByConversations(scope, ids, page) : none()),
      (message: MessageRecord) => message.conversationId,
    ),
    /** Files of the viewer's organization by id; FileService decides who may see each. */
    fileById: createKeyedLoader(
      (ids: readonly string[]) => (scope ? files.findByIds(scope.organizationId, ids) : none()),
      (file) => file.id,
    ),
    filesByMessageId: createGroupedLoader(
      (ids: readonly string[]) => (scope ? files.byMessageIds(scope.organizationId, ids) : none()),
      (file: FileRecord) => file.messageId!,
    ),
    filesByPostId: createGroupedLoader(
      (ids: readonly string[]) => (scope ? files.byPostIds(scope.organizationId, ids) : none()),
      (file: FileRecord) => file.postId!,
    ),
  };
}
