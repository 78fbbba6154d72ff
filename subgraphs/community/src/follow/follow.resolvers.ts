import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';

export const followMutations = {
  followUser: (_: unknown, args: { userId: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.follows.follow(viewer, parseInput(idSchema, args.userId), loaders.activeMemberByUserId),
  unfollowUser: (_: unknown, args: { userId: unknown }, { viewer, services }: CommunityContext) =>
    services.follows.unfollow(viewer, parseInput(idSchema, args.userId)),
};
