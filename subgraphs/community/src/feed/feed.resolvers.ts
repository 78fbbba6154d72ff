import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';

type Args = { first?: number; after?: string };

export const feedQueries = {
  homeFeed: (_: unknown, args: Args, { viewer, services, loaders }: CommunityContext) =>
    services.feeds.home(viewer, parseInput(connectionArgsSchema, args), loaders.contentScope),
  spaceFeed: (_: unknown, args: Args & { spaceId: string }, { viewer, services, loaders }: CommunityContext) => {
    const spaceId = parseInput(idSchema, args.spaceId);
    return services.feeds.space(viewer, spaceId, parseInput(connectionArgsSchema, { first: args.first, after: args.after }), (page) =>
      loaders.postsBySpaceId.load({ parentId: spaceId, ...page }),
    );
  },
  groupFeed: (_: unknown, args: Args & { groupId: string }, { viewer, services, loaders }: CommunityContext) => {
    const groupId = parseInput(idSchema, args.groupId);
    return services.feeds.group(viewer, groupId, parseInput(connectionArgsSchema, { first: args.first, after: args.after }), (page) =>
      loaders.postsByGroupId.load({ parentId: groupId, ...page }),
    );
  },
};

/** Feed fields of groups (the Group type belongs to src/group). */
export const groupFeedFields = {
  posts: (group: { id: string }, args: Args, { services, loaders }: CommunityContext) =>
    services.posts.page(parseInput(connectionArgsSchema, args), (page) => loaders.postsByGroupId.load({ parentId: group.id, ...page })),
};
