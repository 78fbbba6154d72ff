import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { GroupResolvers, QueryResolvers } from '../generated/graphql.ts';

export const feedQueries: QueryResolvers = {
  homeFeed: (_, args, { viewer, services, loaders }) =>
    services.feeds.home(viewer, parseInput(connectionArgsSchema, args), loaders.contentScope),
  spaceFeed: (_, { spaceId, ...page }, { viewer, services, loaders }) => {
    const id = parseInput(idSchema, spaceId);
    return services.feeds.space(viewer, id, parseInput(connectionArgsSchema, page), (postPage) =>
      loaders.postsBySpaceId.load({ parentId: id, ...postPage }),
    );
  },
  groupFeed: (_, { groupId, ...page }, { viewer, services, loaders }) => {
    const id = parseInput(idSchema, groupId);
    return services.feeds.group(viewer, id, parseInput(connectionArgsSchema, page), (postPage) =>
      loaders.postsByGroupId.load({ parentId: id, ...postPage }),
    );
  },
};

/** Feed fields of groups (the Group type belongs to src/group). */
export const groupFeedFields: GroupResolvers = {
  posts: (group, args, { services, loaders }) =>
    services.posts.page(parseInput(connectionArgsSchema, args), (page) => loaders.postsByGroupId.load({ parentId: group.id, ...page })),
};
