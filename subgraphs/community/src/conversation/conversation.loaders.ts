import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';
import type { MemberScope } from './conversation.repository.ts';

/** The viewer as a conversation member; null without an organization (loaders then answer empty). */
export function memberScopeOrNull(viewer: Viewer): MemberScope | null {
  return viewer.userId && viewer.organizationId && viewer.role ? { organizationId: viewer.organizationId, userId: viewer.userId } : null;
}

/**
 * Conversation loaders of one request, scoped to the viewer's memberships; with no organization
 * they answer null or empty and the resolvers decide the error.
 */
export function createConversationLoaders({
  repositories,
  viewer,
}: {
  repositories: Pick<CommunityRepositories, 'conversations'>;
  viewer: Viewer;
}) {
  const { conversations } = repositories;
  const scope = memberScopeOrNull(viewer);
  const none = Promise.resolve([]);
  return {
    /** Conversations the viewer is a member of, by id. */
    conversationById: createKeyedLoader(
      (ids: readonly string[]) => (scope ? conversations.findJoinedByIds(scope, ids) : none),
      (conversation) => conversation.id,
    ),
    conversationMembersByConversationId: createGroupedLoader(
      (ids: readonly string[]) => (scope ? conversations.membersOf(ids) : none),
      (member) => member.conversationId,
    ),
    /** The viewer's unread count per conversation. */
    unreadCountByConversationId: createKeyedLoader(
      (ids: readonly string[]) => (scope ? conversations.countUnread(scope, ids) : none),
      (count) => count.conversationId,
    ),
  };
}
