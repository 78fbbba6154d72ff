import type { Viewer } from '@plaza/auth';
import { createKeyedLoader, createPagedLoader } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';
import type { FollowPage, FollowRecord } from './follow.repository.ts';

/** Follow loaders of one request, all inside the viewer's organization (empty without one). */
export function createFollowLoaders({ repositories, viewer }: { repositories: Pick<CommunityRepositories, 'follows'>; viewer: Viewer }) {
  const { follows } = repositories;
  const { organizationId, userId } = viewer;
  const none = Promise.resolve([]);
  return {
    followersByUserId: createPagedLoader<FollowRecord, FollowPage>(
      (userIds, page) => (organizationId ? follows.listByUsers(organizationId, 'followeeId', userIds, page) : none),
      (follow) => follow.followeeId,
    ),
    followingByUserId: createPagedLoader<FollowRecord, FollowPage>(
      (userIds, page) => (organizationId ? follows.listByUsers(organizationId, 'followerId', userIds, page) : none),
      (follow) => follow.followerId,
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
