import DataLoader from 'dataloader';
import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import { createPagedLoader } from '../loaders.ts';
import type { ContentScope } from '../post/post-scope.ts';
import { CommentRepository, type CommentRecord } from './comment.repository.ts';

/**
 * Comment loaders of one request. Lists are reached through a post or comment the viewer could
 * load, so they filter by the comments' own state; by-id loads check the post's visibility.
 */
export function createCommentLoaders(prisma: PrismaClient, viewer: Viewer, contentScope: () => Promise<ContentScope | null>) {
  const comments = new CommentRepository(prisma);
  const organizationId = viewer.organizationId;
  return {
    commentById: createKeyedLoader(
      async (ids: readonly string[]) => {
        const scope = await contentScope();
        return scope ? comments.findByIds(scope, ids) : [];
      },
      (comment) => comment.id,
    ),
    /** Top-level comments per post, oldest first. */
    commentsByPostId: createPagedLoader(
      (postIds, page) => (organizationId ? comments.listByParents(organizationId, 'postId', postIds, page) : Promise.resolve([])),
      (comment: CommentRecord) => comment.postId,
    ),
    /** Replies per top-level comment, oldest first. */
    repliesByCommentId: createPagedLoader(
      (commentIds, page) => (organizationId ? comments.listByParents(organizationId, 'parentId', commentIds, page) : Promise.resolve([])),
      (comment: CommentRecord) => comment.parentId!,
    ),
    /** The newest comments of each post (any level), newest first; one query per distinct size. */
    latestCommentsByPostId: new DataLoader<{ postId: string; take: number }, CommentRecord[], string>(
      async (keys) => {
        const sizes = [...new Set(keys.map((key) => key.take))];
        const bySize = new Map<number, CommentRecord[]>();
        await Promise.all(
          sizes.map(async (take) => {
            const postIds = [...new Set(keys.filter((key) => key.take === take).map((key) => key.postId))];
            bySize.set(take, organizationId ? await comments.listLatestByPosts(organizationId, postIds, take) : []);
          }),
        );
        return keys.map((key) => (bySize.get(key.take) ?? []).filter((comment) => comment.postId === key.postId));
      },
      { cacheKeyFn: (key) => `${key.postId}\u0000${key.take}` },
    ),
  };
}
