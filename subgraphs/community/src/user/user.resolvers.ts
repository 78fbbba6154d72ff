import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { UserResolvers } from '../generated/graphql.ts';

/** Community stores no users: a reference is all it needs to look up their posts, follows and points. */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  posts: (user, args, { services, loaders }) =>
    services.posts.page(parseInput(connectionArgsSchema, args), (page) => loaders.postsByAuthorId.load({ parentId: user.id, ...page })),
  postCount: async (user, _, { loaders }) => (await loaders.postCountByAuthorId.load(user.id))?.count ?? 0,
  followers: (user, args, { services, loaders }) =>
    services.follows.page(parseInput(connectionArgsSchema, args), 'followerId', (page) =>
      loaders.followersByUserId.load({ parentId: user.id, ...page }),
    ),
  following: (user, args, { services, loaders }) =>
    services.follows.page(parseInput(connectionArgsSchema, args), 'followeeId', (page) =>
      loaders.followingByUserId.load({ parentId: user.id, ...page }),
    ),
  followersCount: async (user, _, { loaders }) => (await loaders.followersCountByUserId.load(user.id))?.count ?? 0,
  followingCount: async (user, _, { loaders }) => (await loaders.followingCountByUserId.load(user.id))?.count ?? 0,
  viewerIsFollowing: async (user, _, { loaders }) => (await loaders.viewerFollowsUserId.load(user.id)) !== null,
  points: async (user, _, { loaders }) => (await loaders.pointsByUserId.load(user.id))?.total ?? 0,
  level: async (user, _, { services, loaders }) => {
    const [points, levels] = await Promise.all([loaders.pointsByUserId.load(user.id), loaders.levels()]);
    return services.gamification.levelOf(points?.total ?? 0, levels);
  },
};
