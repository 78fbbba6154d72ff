import { randomBytes } from 'node:crypto';
import { roleAtLeast, type Viewer } from '@plaza/auth';
import {
  DomainError,
  afterId,
  idCursor,
  notFound,
  requireMember,
  requireRole,
  toConnection,
  type ConnectionArgs,
  type DataAccess,
  type MemberViewer,
} from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { GroupRole } from '../generated/prisma/enums.ts';
import { requireActiveMembers, type ActiveMembers } from '../member/member-access.ts';
import type { CommunityRepositories } from '../repositories.ts';
import { assertNotBannedFromGroup, findGroupForViewer, GROUP_ROLES, groupRoleAtLeast, type GroupAccess } from './group-access.ts';
import type { GroupBanRecord, GroupInviteRecord, GroupMemberRecord, GroupPage, GroupRecord } from './group.repository.ts';
import type {
  banFromGroupInput,
  createGroupInput,
  createGroupInviteInput,
  setGroupMemberRoleInput,
  updateGroupInput,
} from './group.validation.ts';

/**
 * The role the viewer acts with in a group: their membership's, raised to ADMIN for the
 * organization's admins and owners (they administer every group without owning it).
 */
function effectiveGroupRole(viewer: MemberViewer, membership: GroupMemberRecord | null): GroupRole | null {
  const own = membership?.role ?? null;
  if (roleAtLeast(viewer.role, 'ADMIN') && !groupRoleAtLeast(own, 'ADMIN')) return 'ADMIN';
  return own;
}

const outranks = (actor: GroupRole, target: GroupRole) => GROUP_ROLES.indexOf(actor) < GROUP_ROLES.indexOf(target);

// 10 characters of an alphabet without look-alikes (0/O, 1/I/L): easy to read aloud, 32^10 codes.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function newInviteCode(): string {
  return [...randomBytes(10)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

/** Why an invite can no longer be used at `now`, or null when it can. */
function inviteProblem(invite: GroupInviteRecord, now: Date): string | null {
  if (invite.revokedAt) return `Invite code ${invite.code} was revoked`;
  if (invite.expiresAt && invite.expiresAt <= now) return `Invite code ${invite.code} expired at ${invite.expiresAt.toISOString()}`;
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) {
    return `Invite code ${invite.code} is used up (${invite.uses} of ${invite.maxUses} uses)`;
  }
  return null;
}

type Groups = CommunityRepositories['groups'];

export class GroupService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories>; now?: () => Date; newInviteCode?: () => string }) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async list(viewer: Viewer, args: ConnectionArgs) {
    const { organizationId } = requireMember(viewer);
    const rows = await this.deps.data.repositories(viewer).groups.list(organizationId, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  async find(viewer: Viewer, id: string, load: (id: string) => Promise<GroupRecord | null>): Promise<GroupRecord> {
    requireMember(viewer);
    const group = await load(id);
    if (!group) throw notFound('Group', id);
    return group;
  }

  /** Any member (MEMBER role or higher) may start a group and becomes its owner. */
  async create(viewer: Viewer, input: z.output<typeof createGroupInput>): Promise<GroupRecord> {
    const { organizationId, userId } = requireRole(viewer, 'MEMBER');
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const group = await groups.create({ organizationId, ownerId: userId, ...input });
      await groups.addMember(organizationId, group.id, userId, 'OWNER');
      return group;
    });
  }

  async update(viewer: Viewer, { id, ...changes }: z.output<typeof updateGroupInput>): Promise<GroupRecord> {
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group } = await requireGroupRole(groups, viewer, id, 'ADMIN', 'change group');
      return groups.update(group.id, changes);
    });
  }

  /** Soft delete, by the group's owner or an organization admin. Returns the id. */
  async delete(viewer: Viewer, id: string): Promise<string> {
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group } = await requireGroupRole(groups, viewer, id, 'OWNER', 'delete group', { orgAdminSuffices: true });
      await groups.softDelete(group.id, this.now());
      return group.id;
    });
  }

  /** Joins an OPEN group; INVITE_ONLY groups need an invite code. Banned users are FORBIDDEN. */
  async join(viewer: Viewer, id: string): Promise<GroupRecord> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group, membership } = await findGroupForViewer(groups, member, id);
      await assertNotBannedFromGroup(groups, member, group.id);
      if (membership) return group;
      if (group.joinPolicy !== 'OPEN' && !roleAtLeast(member.role, 'ADMIN')) {
        throw new DomainError('FORBIDDEN', `Group ${group.id} is invite-only: redeem an invite code to join`, { groupId: group.id });
      }
      await groups.addMember(member.organizationId, group.id, member.userId, 'MEMBER');
      return group;
    });
  }

  /** Leaves a group; the owner cannot (CONFLICT): they delete it instead. Not a member: no-op. */
  async leave(viewer: Viewer, id: string): Promise<GroupRecord> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group, membership } = await findGroupForViewer(groups, member, id);
      if (membership?.role === 'OWNER') {
        throw new DomainError('CONFLICT', `You own group ${group.id}: delete it instead of leaving`, { groupId: group.id });
      }
      await groups.removeMember(group.id, member.userId);
      return group;
    });
  }

  /** Group moderators and up create invite codes, with an optional expiry and maximum number of uses. */
  async createInvite(viewer: Viewer, input: z.output<typeof createGroupInviteInput>): Promise<GroupInviteRecord> {
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group, actor } = await requireGroupRole(groups, viewer, input.groupId, 'MODERATOR', 'create invite codes for group');
      return groups.createInvite({
        organizationId: group.organizationId,
        groupId: group.id,
        code: (this.deps.newInviteCode ?? newInviteCode)(),
        createdById: actor.userId,
        expiresAt: input.expiresAt,
        maxUses: input.maxUses,
      });
    });
  }

  async revokeInvite(viewer: Viewer, inviteId: string): Promise<GroupInviteRecord> {
    const member = requireMember(viewer);
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const invite = await groups.findInviteById(member.organizationId, inviteId);
      if (!invite) throw notFound('GroupInvite', inviteId);
      await requireGroupRole(groups, viewer, invite.groupId, 'MODERATOR', 'revoke invite codes of group');
      return invite.revokedAt ? invite : groups.revokeInvite(invite.id, this.now());
    });
  }

  /**
   * Joins the invite's group. The use is taken by one conditional UPDATE, so two people redeeming
   * the last use at once cannot both get in. Errors: unknown code (or another organization's)
   * NOT_FOUND; revoked, expired or used up BAD_USER_INPUT saying which; banned FORBIDDEN.
   * A member redeeming again gets the group without using up a use.
   */
  async redeemInvite(viewer: Viewer, code: string): Promise<GroupRecord> {
    const member = requireMember(viewer);
    const normalized = code.toUpperCase();
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const invite = await groups.findInviteByCode(member.organizationId, normalized);
      if (!invite) throw notFound('Invite code', normalized);
      const { group, membership } = await findGroupForViewer(groups, member, invite.groupId);
      await assertNotBannedFromGroup(groups, member, group.id);
      if (membership) return group;
      const now = this.now();
      const problem = inviteProblem(invite, now);
      if (problem) throw new DomainError('BAD_USER_INPUT', problem, { field: 'code' });
      if (!(await groups.consumeInviteUse(invite.id, now))) {
        // Someone else took the last use between our read and our update: re-read to say why.
        const current = (await groups.findInviteById(member.organizationId, invite.id)) ?? invite;
        throw new DomainError('BAD_USER_INPUT', inviteProblem(current, now) ?? `Invite code ${normalized} can no longer be used`, {
          field: 'code',
        });
      }
      await groups.addMember(member.organizationId, group.id, member.userId, 'MEMBER');
      return group;
    });
  }

  /**
   * Changes a member's role (never to OWNER). Group admins and up only; one can only change the
   * role of someone below oneself, and only to a role below one's own (the owner may name admins).
   * The user must be an active member of the organization (NOT_FOUND otherwise).
   */
  async setMemberRole(viewer: Viewer, input: z.output<typeof setGroupMemberRoleInput>, members: ActiveMembers): Promise<GroupMemberRecord> {
    await requireActiveMembers(members, [input.userId]);
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group, role } = await requireGroupRole(groups, viewer, input.groupId, 'ADMIN', 'change roles in group');
      const target = await groups.findMembership(group.id, input.userId);
      if (!target) throw notFound('Group member', input.userId);
      if (!outranks(role, target.role) || (role !== 'OWNER' && !outranks(role, input.role))) {
        throw new DomainError('FORBIDDEN', `As group ${role} you cannot make ${target.role} ${input.userId} a ${input.role}`, {
          groupId: group.id,
        });
      }
      return groups.setRole(group.id, input.userId, input.role);
    });
  }

  /** Removes a member below oneself (group moderators and up). Removing a non-member is a no-op. */
  async removeMember(viewer: Viewer, groupId: string, userId: string): Promise<GroupRecord> {
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group, role } = await requireGroupRole(groups, viewer, groupId, 'MODERATOR', 'remove members of group');
      const target = await groups.findMembership(group.id, userId);
      if (target && !outranks(role, target.role)) {
        throw new DomainError('FORBIDDEN', `As group ${role} you cannot remove ${target.role} ${userId}`, { groupId: group.id });
      }
      await groups.removeMember(group.id, userId);
      return group;
    });
  }

  /**
   * Bans a user from the group: their membership ends and they cannot rejoin, post or message
   * there until unbanned. Group moderators and up, against users below them (or non-members of
   * the group); the user must be an active member of the organization (NOT_FOUND otherwise).
   */
  async ban(viewer: Viewer, input: z.output<typeof banFromGroupInput>, members: ActiveMembers): Promise<GroupBanRecord> {
    await requireActiveMembers(members, [input.userId]);
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group, role, actor } = await requireGroupRole(groups, viewer, input.groupId, 'MODERATOR', 'ban members of group');
      if (input.userId === actor.userId) throw new DomainError('BAD_USER_INPUT', 'You cannot ban yourself', { field: 'userId' });
      const target = await groups.findMembership(group.id, input.userId);
      if (target && !outranks(role, target.role)) {
        throw new DomainError('FORBIDDEN', `As group ${role} you cannot ban ${target.role} ${input.userId}`, { groupId: group.id });
      }
      if (await groups.findBan(group.id, input.userId)) {
        throw new DomainError('CONFLICT', `User ${input.userId} is already banned from group ${group.id}`, { groupId: group.id });
      }
      await groups.removeMember(group.id, input.userId);
      return groups.createBan({
        organizationId: group.organizationId,
        groupId: group.id,
        userId: input.userId,
        reason: input.reason,
        bannedById: actor.userId,
      });
    });
  }

  /** Lifts a ban; the user may then join again. Returns whether a ban existed. */
  async unban(viewer: Viewer, groupId: string, userId: string): Promise<boolean> {
    return this.deps.data.transaction(viewer, async ({ groups }) => {
      const { group } = await requireGroupRole(groups, viewer, groupId, 'MODERATOR', 'lift bans of group');
      return groups.deleteBan(group.id, userId);
    });
  }

  /**
   * A page of a group's members: group content, so for its members and organization admins
   * (FORBIDDEN otherwise, and for the banned). The viewer's membership and ban come from loaders.
   */
  async members(
    viewer: Viewer,
    group: GroupRecord,
    viewerPlace: { membership: GroupMemberRecord | null; banned: boolean },
    args: ConnectionArgs,
    loadPage: (page: GroupPage) => Promise<GroupMemberRecord[]>,
  ) {
    const member = requireMember(viewer);
    if (viewerPlace.banned || (!viewerPlace.membership && !roleAtLeast(member.role, 'ADMIN'))) {
      throw new DomainError('FORBIDDEN', `Only members of group ${group.id} see its members`, { groupId: group.id });
    }
    const rows = await loadPage({ afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  async invites(viewer: Viewer, groupId: string, args: ConnectionArgs) {
    const { groups } = this.deps.data.repositories(viewer);
    await requireGroupRole(groups, viewer, groupId, 'MODERATOR', 'see invite codes of group');
    const rows = await groups.listInvites(groupId, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }

  async bans(viewer: Viewer, groupId: string, args: ConnectionArgs) {
    const { groups } = this.deps.data.repositories(viewer);
    await requireGroupRole(groups, viewer, groupId, 'MODERATOR', 'see bans of group');
    const rows = await groups.listBans(groupId, { afterId: afterId(args), take: args.first + 1 });
    return toConnection(rows, args.first, idCursor);
  }
}

/**
 * The group (NOT_FOUND if invisible) and the viewer's effective role in it, or FORBIDDEN naming
 * the needed role. With `orgAdminSuffices`, organization admins pass even when `required` is OWNER.
 */
async function requireGroupRole(
  groups: Pick<Groups, 'findByIds' | 'findMembership'>,
  viewer: Viewer,
  groupId: string,
  required: GroupRole,
  action: string,
  options: { orgAdminSuffices?: boolean } = {},
): Promise<GroupAccess & { role: GroupRole; actor: MemberViewer }> {
  const actor = requireMember(viewer);
  const access = await findGroupForViewer(groups, actor, groupId);
  const role = effectiveGroupRole(actor, access.membership);
  const allowed = groupRoleAtLeast(role, required) || (options.orgAdminSuffices === true && roleAtLeast(actor.role, 'ADMIN'));
  if (!role || !allowed) {
    throw new DomainError(
      'FORBIDDEN',
      `You need the group ${required} role or higher to ${action} ${groupId}; you are ${role ?? 'not a member'}`,
      {
        groupId,
        requiredGroupRole: required,
      },
    );
  }
  return { ...access, role, actor };
}
