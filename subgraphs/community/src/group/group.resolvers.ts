import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type {
  GroupBanResolvers,
  GroupInviteResolvers,
  GroupMemberResolvers,
  GroupResolvers,
  MutationResolvers,
  QueryResolvers,
} from '../generated/graphql.ts';
import {
  banFromGroupInput,
  createGroupInput,
  createGroupInviteInput,
  groupMemberInput,
  inviteCodeInput,
  setGroupMemberRoleInput,
  updateGroupInput,
} from './group.validation.ts';

export const groupQueries: QueryResolvers = {
  groups: (_, args, { viewer, services }) => services.groups.list(viewer, parseInput(connectionArgsSchema, args)),
  group: (_, { id }, { viewer, services, loaders }) =>
    services.groups.find(viewer, parseInput(idSchema, id), (groupId) => loaders.groupById.load(groupId)),
};

export const groupMutations: MutationResolvers = {
  createGroup: (_, { input }, { viewer, services }) => services.groups.create(viewer, parseInput(createGroupInput, input)),
  updateGroup: (_, { input }, { viewer, services }) => services.groups.update(viewer, parseInput(updateGroupInput, input)),
  deleteGroup: (_, { id }, { viewer, services }) => services.groups.delete(viewer, parseInput(idSchema, id)),
  joinGroup: (_, { id }, { viewer, services }) => services.groups.join(viewer, parseInput(idSchema, id)),
  leaveGroup: (_, { id }, { viewer, services }) => services.groups.leave(viewer, parseInput(idSchema, id)),
  createGroupInvite: (_, { input }, { viewer, services }) =>
    services.groups.createInvite(viewer, parseInput(createGroupInviteInput, input)),
  revokeGroupInvite: (_, { id }, { viewer, services }) => services.groups.revokeInvite(viewer, parseInput(idSchema, id)),
  redeemGroupInvite: (_, args, { viewer, services }) => services.groups.redeemInvite(viewer, parseInput(inviteCodeInput, args).code),
  setGroupMemberRole: (_, args, { viewer, services, loaders }) =>
    services.groups.setMemberRole(viewer, parseInput(setGroupMemberRoleInput, args), loaders.activeMemberByUserId),
  removeGroupMember: (_, args, { viewer, services }) => {
    const { groupId, userId } = parseInput(groupMemberInput, args);
    return services.groups.removeMember(viewer, groupId, userId);
  },
  banFromGroup: (_, { input }, { viewer, services, loaders }) =>
    services.groups.ban(viewer, parseInput(banFromGroupInput, input), loaders.activeMemberByUserId),
  unbanFromGroup: (_, args, { viewer, services }) => {
    const { groupId, userId } = parseInput(groupMemberInput, args);
    return services.groups.unban(viewer, groupId, userId);
  },
};

export const Group: GroupResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.groupById.load(reference.id),
  owner: (group) => ({ id: group.ownerId }),
  memberCount: async (group, _, { loaders }) => (await loaders.groupMemberCountByGroupId.load(group.id))?.count ?? 0,
  viewerRole: async (group, _, { loaders }) => (await loaders.viewerGroupMembershipByGroupId.load(group.id))?.role ?? null,
  viewerIsBanned: async (group, _, { loaders }) => (await loaders.viewerGroupBanByGroupId.load(group.id)) !== null,
  members: async (group, args, { viewer, services, loaders }) => {
    const [membership, ban] = await Promise.all([
      loaders.viewerGroupMembershipByGroupId.load(group.id),
      loaders.viewerGroupBanByGroupId.load(group.id),
    ]);
    return services.groups.members(viewer, group, { membership, banned: ban !== null }, parseInput(connectionArgsSchema, args), (page) =>
      loaders.groupMembersByGroupId.load({ parentId: group.id, ...page }),
    );
  },
  invites: (group, args, { viewer, services }) => services.groups.invites(viewer, group.id, parseInput(connectionArgsSchema, args)),
  bans: (group, args, { viewer, services }) => services.groups.bans(viewer, group.id, parseInput(connectionArgsSchema, args)),
};

export const GroupMember: GroupMemberResolvers = {
  user: (member) => ({ id: member.userId }),
};

export const GroupInvite: GroupInviteResolvers = {
  group: async (invite, _, { loaders }) => {
    const group = await loaders.groupById.load(invite.groupId);
    if (!group) throw new Error(`Group invite ${invite.id} belongs to group ${invite.groupId}, which the viewer cannot load`);
    return group;
  },
  createdBy: (invite) => ({ id: invite.createdById }),
};

export const GroupBan: GroupBanResolvers = {
  user: (ban) => ({ id: ban.userId }),
  bannedBy: (ban) => ({ id: ban.bannedById }),
};
