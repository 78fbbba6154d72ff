import { roleAtLeast, type Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember, requireRole } from '@plaza/subgraph-kit';
import type { Db } from '../db.ts';
import type { GroupRole } from '../generated/prisma/enums.ts';
import { GroupRepository, type GroupMemberRecord, type GroupRecord } from './group.repository.ts';

/** Group roles, strongest first: the order is the permission order. */
export const GROUP_ROLES = ['OWNER', 'ADMIN', 'MODERATOR', 'MEMBER'] as const satisfies readonly GroupRole[];

export function groupRoleAtLeast(role: GroupRole | null | undefined, required: GroupRole): boolean {
  if (!role) return false;
  return GROUP_ROLES.indexOf(role) <= GROUP_ROLES.indexOf(required);
}

/** A group and the viewer's place in it. */
export interface GroupAccess {
  group: GroupRecord;
  /** Null when the viewer is not a member. */
  membership: GroupMemberRecord | null;
}

/**
 * A live group of the viewer's organization and the viewer's membership, or NOT_FOUND (another
 * organization's ids, and deleted groups, behave as if they did not exist). Every organization
 * member may see that a group exists; its content is for its members.
 */
export async function findGroupForViewer(db: Db, viewer: Viewer, groupId: string): Promise<GroupAccess> {
  const member = requireMember(viewer);
  const groups = new GroupRepository(db);
  const [group] = await groups.findByIds(member.organizationId, [groupId]);
  if (!group) throw notFound('Group', groupId);
  return { group, membership: await groups.findMembership(group.id, member.userId) };
}

/** FORBIDDEN when the viewer is banned from the group. Use it before joining, posting or messaging there. */
export async function assertNotBannedFromGroup(db: Db, viewer: Viewer, groupId: string): Promise<void> {
  const member = requireMember(viewer);
  const ban = await new GroupRepository(db).findBan(groupId, member.userId);
  if (ban) {
    throw new DomainError('FORBIDDEN', `You are banned from group ${groupId}: ${ban.reason}`, { groupId, reason: ban.reason });
  }
}

/**
 * Checks that the viewer may read the group's content (posts, members): NOT_FOUND for an invisible
 * group, FORBIDDEN when banned or not a member. Organization admins and owners may read any group.
 */
export async function assertCanReadGroup(db: Db, viewer: Viewer, groupId: string): Promise<GroupAccess> {
  const access = await findGroupForViewer(db, viewer, groupId);
  await assertNotBannedFromGroup(db, viewer, access.group.id);
  if (!access.membership && !roleAtLeast(viewer.role, 'ADMIN')) {
    throw new DomainError('FORBIDDEN', `Join group ${groupId} first: only its members see its content`, { groupId });
  }
  return access;
}

/**
 * Checks that the viewer may post (or message) in the group, inside `db` (pass the transaction
 * that writes). Returns the group.
 * - UNAUTHENTICATED / FORBIDDEN without a signed-in organization member; FORBIDDEN for VIEWER;
 * - NOT_FOUND when the group is another organization's or deleted;
 * - FORBIDDEN when the viewer is banned from it, or is not a member (organization role does not
 *   make one a member).
 */
export async function assertCanPostInGroup(db: Db, viewer: Viewer, groupId: string): Promise<GroupRecord> {
  requireRole(viewer, 'MEMBER');
  const { group, membership } = await findGroupForViewer(db, viewer, groupId);
  await assertNotBannedFromGroup(db, viewer, group.id);
  if (!membership) {
    throw new DomainError('FORBIDDEN', `Join group ${groupId} before posting in it`, { groupId });
  }
  return group;
}

/**
 * Whether the viewer moderates the group: a group moderator or above, or an organization
 * moderator or above. For hiding or deleting others' content in it.
 */
export async function canModerateGroup(db: Db, viewer: Viewer, groupId: string): Promise<boolean> {
  const member = requireMember(viewer);
  if (roleAtLeast(member.role, 'MODERATOR')) return true;
  const membership = await new GroupRepository(db).findMembership(groupId, member.userId);
  return groupRoleAtLeast(membership?.role, 'MODERATOR');
}
