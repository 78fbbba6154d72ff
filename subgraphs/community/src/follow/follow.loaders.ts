import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { PrismaClient } from '../db.ts';
import { createPagedLoader } from '../loaders.ts';
import { FollowRepository, type FollowRecord } from './follow.repository.ts';

/** Follow loaders of one request, all inside the viewer's organization (empty without one). */
export function createFollowLoaders(prisma: PrismaClient, viewer: Viewer) {
  const follows = new FollowRepository(prisma);
  const { organizationId, userId } = viewer;
  const none = Promise.resolve([]);
  return {
    followersByUserId: createPagedLoader(
      (userIds, page) => (organizationId ? follows.listByUsers(organizationId, 'followeeId', userIds, page) : none),
      (follow: FollowRecord) => follow.followeeId,
    ),
    followingByUserId: createPagedLoader(
      (userIds, page) => (organizationId ? follows.listByUsers(organizationId, 'followerId', userIds, page) : none),
      (follow: FollowRecord) => follow.followerId,
    ),
    followersCountByUserId: createKeyedLoader(
      (userIds: readonly string[]) => (organizationId ? follows.countByUsers(organizationId, 'followeeId', userIds) : none),
      (count: { userId: string }) => count.userId,
    ),
    followingCountByUserId: createKeyedLoader(
      (userIds: readonly string[]) => (organizationId ? follows.countByUsers(organizationId, 'followerId', userIds) : none),
      (count: { userId: string }) => count.userId,
    ),
    /** Whether the viewer follows each user. */
    viewerFollowsUserId: createKeyedLoader(
      (userIds: readonly string[]) => (organizationId && userId ? follows.findFollowed(organizationId, userId, userIds) : none),
      (follow: { followeeId: string }) => follow.followeeId,
    ),
  };
}
