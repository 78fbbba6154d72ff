import type { Viewer } from '@plaza/auth';
import { createKeyedLoader, createPagedLoader as createKitPagedLoader } from '@plaza/subgraph-kit';
import type { PrismaClient } from './db.ts';
import type { PostPage } from './post/post.repository.ts';
import { createPostLoaders } from './post/post.loaders.ts';
import { createCommentLoaders } from './comment/comment.loaders.ts';
import { createReactionLoaders } from './reaction/reaction.loaders.ts';
import { createFollowLoaders } from './follow/follow.loaders.ts';
import { createGamificationLoaders } from './gamification/gamification.loaders.ts';
import { createAnnouncementLoaders } from './announcement/announcement.loaders.ts';
import { createGroupLoaders } from './group/group.loaders.ts';
import { createChatLoaders } from './conversation/conversation.loaders.ts';
import { createMemberLoaders } from './member/member.loaders.ts';
import { createSpaceLoaders } from './space/space.loaders.ts';
import { SpaceRepository, type SpaceScope } from './space/space.repository.ts';
import { spaceScopeOf } from './space/space.service.ts';

/** One parent's page of children: the loader key of paginated child lists. */
export type PageKey = PostPage & { parentId: string };

/** The kit's paged loader over this subgraph's page shape (size and cursor). */
export const createPagedLoader = <Row>(
  fetch: (parentIds: readonly string[], page: PostPage) => Promise<Row[]>,
  parentOf: (row: Row) => string | null,
) => createKitPagedLoader<Row, PostPage>(fetch, parentOf);

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders(prisma: PrismaClient, viewer: Viewer) {
  // Without an organization nothing is visible: loaders answer null or empty, resolvers decide the error.
  const scope: SpaceScope | null = viewer.userId && viewer.organizationId && viewer.role ? spaceScopeOf(viewer) : null;
  const spaces = new SpaceRepository(prisma);
  const posts = createPostLoaders(prisma, viewer);
  return {
    ...createSpaceLoaders(prisma, viewer),
    ...createGroupLoaders(prisma, viewer),
    ...createAnnouncementLoaders(prisma, viewer),
    ...createChatLoaders(prisma, viewer),
    ...createMemberLoaders(prisma, viewer),
    /** Spaces the viewer may see, by id. */
    spaceById: createKeyedLoader(
      (ids: readonly string[]) => (scope ? spaces.findByIds(scope, ids) : Promise.resolve([])),
      (space) => space.id,
    ),
    ...posts,
    ...createCommentLoaders(prisma, viewer, posts.contentScope),
    ...createReactionLoaders(prisma, viewer),
    ...createFollowLoaders(prisma, viewer),
    ...createGamificationLoaders(prisma, viewer),
  };
}

export type CommunityLoaders = ReturnType<typeof createLoaders>;
