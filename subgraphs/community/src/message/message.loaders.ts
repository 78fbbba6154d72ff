import type { Viewer } from '@plaza/auth';
import { createKeyedLoader, createPagedLoader } from '@plaza/subgraph-kit';
import { memberScopeOrNull } from '../conversation/conversation.loaders.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { MessagePage, MessageRecord } from './message.repository.ts';

/** Message loaders of one request, scoped to the conversations the viewer is a member of. */
export function createMessageLoaders({ repositories, viewer }: { repositories: Pick<CommunityRepositories, 'messages'>; viewer: Viewer }) {
  const { messages } = repositories;
  const scope = memberScopeOrNull(viewer);
  const none = Promise.resolve([]);
  return {
    lastMessageByConversationId: createKeyedLoader(
      (ids: readonly string[]) => (scope ? messages.latestByConversations(scope, ids) : none),
      (message) => message.conversationId,
    ),
    /** Live messages in the viewer's conversations, by id. */
    messageById: createKeyedLoader(
      (ids: readonly string[]) => (scope ? messages.findVisibleByIds(scope, ids) : none),
      (message) => message.id,
    ),
    /** Any undeleted message of the organization, hidden ones included: only for moderators reviewing reports. */
    moderatedMessageById: createKeyedLoader(
      async (ids: readonly string[]) =>
        scope ? (await messages.findByIds(scope.organizationId, ids)).filter((message) => !message.deletedAt) : [],
      (message) => message.id,
    ),
    messagesByConversationId: createPagedLoader<MessageRecord, MessagePage>(
      (ids, page) => (scope ? messages.listNewestByConversations(scope, ids, page) : none),
      (message) => message.conversationId,
    ),
  };
}
