import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CommunityContext } from '../context.ts';
import type { GroupBanRecord, GroupInviteRecord, GroupMemberRecord, GroupRecord } from './group.repository.ts';
import {
  banFromGroupInput,
  createGroupInput,
  createGroupInviteInput,
  groupMemberInput,
  inviteCodeInput,
  setGroupMemberRoleInput,
  updateGroupInput,
} from './group.validation.ts';

type PageArgs = { first?: number; after?: string };

export const groupQueries = {
  groups: (_: unknown, args: PageArgs, { viewer, services }: CommunityContext) =>
    services.groups.list(viewer, parseInput(connectionArgsSchema, args)),
  group: (_: unknown, args: { id: string }, { viewer, services, loaders }: CommunityContext) =>
    services.groups.find(viewer, parseInput(idSchema, args.id), (id) => loaders.groupById.load(id)),
};

export const groupMutations = {
  createGroup: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.groups.create(viewer, parseInput(createGroupInput, args.input)),
  updateGroup: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.groups.update(viewer, parseInput(updateGroupInput, args.input)),
  deleteGroup: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.groups.delete(viewer, parseInput(idSchema, args.id)),
  joinGroup: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.groups.join(viewer, parseInput(idSchema, args.id)),
  leaveGroup: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.groups.leave(viewer, parseInput(idSchema, args.id)),
  createGroupInvite: (_: unknown, args: { input: unknown }, { viewer, services }: CommunityContext) =>
    services.groups.createInvite(viewer, parseInput(createGroupInviteInput, args.input)),
  revokeGroupInvite: (_: unknown, args: { id: string }, { viewer, services }: CommunityContext) =>
    services.groups.revokeInvite(viewer, parseInput(idSchema, args.id)),
  redeemGroupInvite: (_: unknown, args: unknown, { viewer, services }: CommunityContext) =>
    services.groups.redeemInvite(viewer, parseInput(inviteCodeInput, args).code),
  setGroupMemberRole: (_: unknown, args: unknown, { viewer, services, loaders }: CommunityContext) =>
    services.groups.setMemberRole(viewer, parseInput(setGroupMemberRoleInput, args), loaders.activeMemberByUserId),
  removeGroupMember: (_: unknown, args: unknown, { viewer, services }: CommunityContext) => {
    const { groupId, userId } = parseInput(groupMemberInput, args);
    return services.groups.removeMember(viewer, groupId, userId);
  },
  banFromGroup: (_: unknown, args: { input: unknown }, { viewer, services, loaders }: CommunityContext) =>
    services.groups.ban(viewer, parseInput(banFromGroupInput, args.input), loaders.activeMemberByUserId),
  unbanFromGroup: (_: unknown, args: unknown, { viewer, services }: CommunityContext) => {
    const { groupId, userId } = parseInput(groupMemberInput, args);
    return services.groups.unban(viewer, groupId, userId);
  },
};

export const Group = {
  __resolveReference: (reference: { id: string }, { loaders }: CommunityContext) => loaders.groupById.load(reference.id),
  owner: (group: GroupRecord) => ({ id: group.ownerId }),
  memberCount: async (group: GroupRecord, _: unknown, { loaders }: CommunityContext) =>
    (await loaders.groupMemberCountByGroupId.load(group.id))?.count ?? 0,
  viewerRole: async (group: GroupRecord, _: unknown, { loaders }: CommunityContext) =>
    (await loaders.viewerGroupMembershipByGroupId.load(group.id))?.role ?? null,
  viewerIsBanned: async (group: GroupRecord, _: unknown, { loaders }: CommunityContext) =>
    (await loaders.viewerGroupBanByGroupId.load(group.id)) !== null,
  members: async (group: GroupRecord, args: PageArgs, { viewer, services, loaders }: CommunityContext) => {
    const [membership, ban] = await Promise.all([
      loaders.viewerGroupMembershipByGroupId.load(group.id),
      loaders.viewerGroupBanByGroupId.load(group.id),
    ]);
    return services.groups.members(viewer, group, { membership, banned: ban !== null }, parseInput(connectionArgsSchema, args), (page) =>
      loaders.groupMembersByGroupId.load({ parentId: group.id, ...page }),
    );
  },
  invites: (group: GroupRecord, args: PageArgs, { viewer, services }: CommunityContext) =>
    services.groups.invites(viewer, group.id, parseInput(connectionArgsSchema, args)),
  bans: (group: GroupRecord, args: PageArgs, { viewer, services }: CommunityContext) =>
    services.groups.bans(viewer, group.id, parseInput(connectionArgsSchema, args)),
};

export const GroupMember = {
  user: (member: GroupMemberRecord) => ({ id: member.userId }),
};

export const GroupInvite = {
  group: (invite: GroupInviteRecord, _: unknown, { loaders }: CommunityContext) => loaders.groupById.load(invite.groupId),
  createdBy: (invite: GroupInviteRecord) => ({ id: invite.createdById }),
};

export const GroupBan = {
  user: (ban: GroupBanRecord) => ({ id: ban.userId }),
  bannedBy: (ban: GroupBanRecord) => ({ id: ban.bannedById }),
};
