import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { FollowRecord } from '../follow/follow.repository.ts';

type Args = { first?: number; after?: string };

/** A follow as an edge of a FollowConnection: `node` is the user on the other side. */
function followEdges(connection: { edges: { cursor: string; node: FollowRecord }[]; pageInfo: unknown }, side: 'followerId' | 'followeeId') {
  return {
    edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: { id: node[side] }, followedAt: node.createdAt })),
    pageInfo: connection.pageInfo,
  };
}

/** Community stores no users: a reference is all it needs to look up their posts, follows and points. */
export const User = {
  __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
  posts: (user: { id: string }, args: Args, { services, loaders }: CommunityContext) =>
    services.posts.page(parseInput(connectionArgsSchema, args), (page) => loaders.postsByAuthorId.load({ parentId: user.id, ...page })),
  postCount: async (user: { id: string }, _: unknown, { loaders }: CommunityContext) => (await loaders.postCountByAuthorId.load(user.id))?.count ?? 0,
  followers: async (user: { id: string }, args: Args, { services, loaders }: CommunityContext) =>
    followEdges(
      await services.follows.page(parseInput(connectionArgsSchema, args), (page) => loaders.followersByUserId.load({ parentId: user.id, ...page })),
      'followerId',
    ),
  following: async (user: { id: string }, args: Args, { services, loaders }: CommunityContext) =>
    followEdges(
      await services.follows.page(parseInput(connectionArgsSchema, args), (page) => loaders.followingByUserId.load({ parentId: user.id, ...page })),
      'followeeId',
    ),
  followersCount: async (user: { id: string }, _: unknown, { loaders }: CommunityContext) => (await loaders.followersCountByUserId.load(user.id))?.count ?? 0,
  followingCount: async (user: { id: string }, _: unknown, { loaders }: CommunityContext) => (await loaders.followingCountByUserId.load(user.id))?.count ?? 0,
  viewerIsFollowing: async (user: { id: string }, _: unknown, { loaders }: CommunityContext) => (await loaders.viewerFollowsUserId.load(user.id)) !== null,
  points: async (user: { id: string }, _: unknown, { loaders }: CommunityContext) => (await loaders.pointsByUserId.load(user.id))?.total ?? 0,
  level: async (user: { id: string }, _: unknown, { services, loaders }: CommunityContext) => {
    const [points, levels] = await Promise.all([loaders.pointsByUserId.load(user.id), loaders.levels()]);
    return services.gamification.levelOf(points?.total ?? 0, levels);
  },
};
