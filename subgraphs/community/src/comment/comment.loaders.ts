import type { Viewer } from '@plaza/auth';
import { createKeyedLoader, createPagedLoader } from '@plaza/subgraph-kit';
import type { ContentScope } from '../post/content-scope.ts';
import type { CommunityRepositories } from '../repositories.ts';
import type { CommentPage, CommentRecord, LatestCommentsPage } from './comment.repository.ts';

/**
 * Comment loaders of one request. Lists are reached through a post or comment the viewer could
 * load, so they filter by the comments' own state; by-id loads check the post's visibility
 * through the request's content scope (shared with the post loaders).
 */
export function createCommentLoaders({
  repositories,
  viewer,
  contentScope,
}: {
  repositories: Pick<CommunityRepositories, 'comments'>;
  viewer: Viewer;
  contentScope: () => Promise<ContentScope | null>;
}) {
  const { comments } = repositories;
  const organizationId = viewer.organizationId;
  const none = Promise.resolve([]);
  return {
    commentById: createKeyedLoader(
      async (ids: readonly string[]) => {
        const scope = await contentScope();
        return scope ? comments.findByIds(scope, ids) : [];
      },
      (comment) => comment.id,
    ),
    /** Top-level comments per post, oldest first. */
    commentsByPostId: createPagedLoader<CommentRecord, CommentPage>(
      (postIds, page) => (organizationId ? comments.listByParents(organizationId, 'postId', postIds, page) : none),
      (comment) => comment.postId,
    ),
    /** Replies per top-level comment, oldest first. */
    repliesByCommentId: createPagedLoader<CommentRecord, CommentPage>(
      (commentIds, page) => (organizationId ? comments.listByParents(organizationId, 'parentId', commentIds, page) : none),
      (comment) => comment.parentId,
    ),
    /** The newest comments of each post (any level), newest first; one query per distinct size. */
    latestCommentsByPostId: createPagedLoader<CommentRecord, LatestCommentsPage>(
      (postIds, page) => (organizationId ? comments.listLatestByPosts(organizationId, postIds, page) : none),
      (comment) => comment.postId,
    ),
  };
}
