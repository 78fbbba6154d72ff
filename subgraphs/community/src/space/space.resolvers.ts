import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { SpaceMemberRecord, SpaceRecord } from './space.repository.ts';
import { createSpaceInput, reorderSpacesInput, spaceMemberInput, updateSpaceInput } from './space.validation.ts';

type PageArgs = { first?: number; after?: string };

export const spaceQueries = {
  spaces: (_: unknown, args: PageArgs, { viewer, services }: CommunityContext) =>
    services.spaces.list(viewer, parseInput(connectionArgsSchema, args)),
  space: (_: unknown, args: { id: string }, { viewer, services, loaders }: CommunityContext) =>
    services.spaces.find(viewer, parseInput(idSchema, args.id), (id) => loaders.spaceById.load(id)),
};

export const spaceMutations = {
  createSpace: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.spaces.create(viewer, parseInput(createSpaceInput, args.input)),
  updateSpace: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.spaces.update(viewer, parseInput(updateSpaceInput, args.input)),
  deleteSpace: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.spaces.delete(viewer, parseInput(idSchema, args.id)),
  reorderSpaces: (_: unknown, args: { ids: unknown }, { viewer, services }: CommunityContext) =>
    services.spaces.reorder(viewer, parseInput(reorderSpacesInput, args)),
  joinSpace: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.spaces.join(viewer, parseInput(idSchema, args.id)),
  leaveSpace: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.spaces.leave(viewer, parseInput(idSchema, args.id)),
  addSpaceMember: (_: unknown, args: unknown, { viewer, services, loaders }: CommunityContext) => {
    const { spaceId, userId } = parseInput(spaceMemberInput, args);
    return services.spaces.addMember(viewer, spaceId, userId, loaders.activeMemberByUserId);
  },
  removeSpaceMember: (_: unknown, args: unknown, { viewer, services }: CommunityContext) => {
    const { spaceId, userId } = parseInput(spaceMemberInput, args);
    return services.spaces.removeMember(viewer, spaceId, userId);
  },
  markSpaceVisited: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.spaces.markVisited(viewer, parseInput(idSchema, args.id)),
};

export const Space = {
  __resolveReference: (reference: { id: string }, { loaders }: CommunityContext) => loaders.spaceById.load(reference.id),
  posts: (space: SpaceRecord, args: PageArgs, { services, loaders }: CommunityContext) =>
    services.posts.page(parseInput(connectionArgsSchema, args), (page) => loaders.postsBySpaceId.load({ parentId: space.id, ...page })),
  members: (space: SpaceRecord, args: PageArgs, { services, loaders }: CommunityContext) =>
    services.spaces.members(parseInput(connectionArgsSchema, args), (page) => loaders.spaceMembersBySpaceId.load({ parentId: space.id, ...page })),
  memberCount: async (space: SpaceRecord, _: unknown, { loaders }: CommunityContext) =>
    (await loaders.spaceMemberCountBySpaceId.load(space.id))?.count ?? 0,
  viewerIsMember: async (space: SpaceRecord, _: unknown, { loaders }: CommunityContext) =>
    (await loaders.viewerSpaceMembershipBySpaceId.load(space.id)) !== null,
  viewerLastVisitedAt: async (space: SpaceRecord, _: unknown, { loaders }: CommunityContext) =>
    (await loaders.viewerSpaceMembershipBySpaceId.load(space.id))?.lastVisitedAt ?? null,
  unreadCount: async (space: SpaceRecord, _: unknown, { loaders }: CommunityContext) =>
    (await loaders.spaceUnreadCountBySpaceId.load(space.id))?.count ?? 0,
  viewerCanPost: (space: SpaceRecord, _: unknown, { viewer, services }: CommunityContext) => services.spaces.viewerCanPost(viewer, space),
};

export const SpaceMember = {
  user: (member: SpaceMemberRecord) => ({ id: member.userId }),
};
