import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers, SpaceMemberResolvers, SpaceResolvers } from '../generated/graphql.ts';
import { createSpaceInput, reorderSpacesInput, spaceMemberInput, updateSpaceInput } from './space.validation.ts';

export const spaceQueries: QueryResolvers = {
  spaces: (_, args, { viewer, services }) => services.spaces.list(viewer, parseInput(connectionArgsSchema, args)),
  space: (_, { id }, { viewer, services, loaders }) =>
    services.spaces.find(viewer, parseInput(idSchema, id), (spaceId) => loaders.spaceById.load(spaceId)),
};

export const spaceMutations: MutationResolvers = {
  createSpace: (_, { input }, { viewer, services }) => services.spaces.create(viewer, parseInput(createSpaceInput, input)),
  updateSpace: (_, { input }, { viewer, services }) => services.spaces.update(viewer, parseInput(updateSpaceInput, input)),
  deleteSpace: (_, { id }, { viewer, services }) => services.spaces.delete(viewer, parseInput(idSchema, id)),
  reorderSpaces: (_, args, { viewer, services }) => services.spaces.reorder(viewer, parseInput(reorderSpacesInput, args)),
  joinSpace: (_, { id }, { viewer, services }) => services.spaces.join(viewer, parseInput(idSchema, id)),
  leaveSpace: (_, { id }, { viewer, services }) => services.spaces.leave(viewer, parseInput(idSchema, id)),
  addSpaceMember: (_, args, { viewer, services, loaders }) => {
    const { spaceId, userId } = parseInput(spaceMemberInput, args);
    return services.spaces.addMember(viewer, spaceId, userId, loaders.activeMemberByUserId);
  },
  removeSpaceMember: (_, args, { viewer, services }) => {
    const { spaceId, userId } = parseInput(spaceMemberInput, args);
    return services.spaces.removeMember(viewer, spaceId, userId);
  },
  markSpaceVisited: (_, { id }, { viewer, services }) => services.spaces.markVisited(viewer, parseInput(idSchema, id)),
};

export const Space: SpaceResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.spaceById.load(reference.id),
  posts: (space, args, { services, loaders }) =>
    services.posts.page(parseInput(connectionArgsSchema, args), (page) => loaders.postsBySpaceId.load({ parentId: space.id, ...page })),
  members: (space, args, { services, loaders }) =>
    services.spaces.members(parseInput(connectionArgsSchema, args), (page) =>
      loaders.spaceMembersBySpaceId.load({ parentId: space.id, ...page }),
    ),
  memberCount: async (space, _, { loaders }) => (await loaders.spaceMemberCountBySpaceId.load(space.id))?.count ?? 0,
  viewerIsMember: async (space, _, { loaders }) => (await loaders.viewerSpaceMembershipBySpaceId.load(space.id)) !== null,
  viewerLastVisitedAt: async (space, _, { loaders }) =>
    (await loaders.viewerSpaceMembershipBySpaceId.load(space.id))?.lastVisitedAt ?? null,
  unreadCount: async (space, _, { loaders }) => (await loaders.spaceUnreadCountBySpaceId.load(space.id))?.count ?? 0,
  viewerCanPost: (space, _, { viewer, services, loaders }) => services.spaces.viewerCanPost(viewer, space, loaders.viewerTier),
};

export const SpaceMember: SpaceMemberResolvers = {
  user: (member) => ({ id: member.userId }),
};
