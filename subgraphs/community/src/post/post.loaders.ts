import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader, createPagedLoader } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';
import { loadContentScope, type ContentScope } from './content-scope.ts';
import type { PostPage, PostParent, PostRecord } from './post.repository.ts';

/** Post loaders of one request, all limited to what the viewer may read (see ContentScope). */
export function createPostLoaders({
  repositories,
  viewer,
}: {
  repositories: Pick<CommunityRepositories, 'posts' | 'spaces' | 'groups'>;
  viewer: Viewer;
}) {
  const { posts } = repositories;
  const member = Boolean(viewer.userId && viewer.organizationId && viewer.role);
  let scope: Promise<ContentScope | null> | undefined;
  /** Resolved once per request, on first use; null without an organization (nothing is visible). */
  const contentScope = () => (scope ??= member ? loadContentScope(repositories, viewer) : Promise.resolve(null));
  const scoped =
    <Key, Row>(fetch: (scope: ContentScope, keys: readonly Key[]) => Promise<Row[]>) =>
    async (keys: readonly Key[]) => {
      const current = await contentScope();
      return current ? fetch(current, keys) : [];
    };
  const pagedBy = (parent: PostParent) =>
    createPagedLoader<PostRecord, PostPage>(
      async (parentIds, page) => {
        const current = await contentScope();
        return current ? posts.listByParents(current, parent, parentIds, page) : [];
      },
      (post) => post[parent],
    );
  return {
    contentScope,
    /** Posts the viewer may read, by id (hidden ones for moderators only). */
    postById: createKeyedLoader(
      scoped((current, ids: readonly string[]) => posts.findByIds(current, ids)),
      (post) => post.id,
    ),
    postsBySpaceId: pagedBy('spaceId'),
    postsByGroupId: pagedBy('groupId'),
    postsByAuthorId: pagedBy('authorId'),
    postCountByAuthorId: createKeyedLoader(
      scoped((current, authorIds: readonly string[]) => posts.countByAuthors(current, authorIds)),
      (count) => count.authorId,
    ),
    /** Earlier versions of posts the caller already loaded, newest first. */
    revisionsByPostId: createGroupedLoader(
      (postIds: readonly string[]) => posts.listRevisions(postIds),
      (revision) => revision.postId,
    ),
  };
}
