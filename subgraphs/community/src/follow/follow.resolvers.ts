import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers } from '../generated/graphql.ts';

export const followMutations: MutationResolvers = {
  followUser: (_, { userId }, { viewer, services, loaders }) =>
    services.follows.follow(viewer, parseInput(idSchema, userId), loaders.activeMemberByUserId),
  unfollowUser: (_, { userId }, { viewer, services }) => services.follows.unfollow(viewer, parseInput(idSchema, userId)),
};
