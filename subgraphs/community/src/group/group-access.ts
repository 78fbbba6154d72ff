import { roleAtLeast, type Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember, requireRole } from '@plaza/subgraph-kit';
import type { GroupRole } from '../generated/prisma/enums.ts';
import type { GroupMemberRecord, GroupRecord, GroupRepository } from './group.repository.ts';

/**
 * Who may see, read, post in and moderate which group. Groups, posts, comments, chat, feeds and
 * moderation ask here, each with the repository of its own transaction (or of the request).
 */
type Groups = Pick<GroupRepository, 'findByIds' | 'findMembership' | 'findBan'>;

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
export async function findGroupForViewer(
  groups: Pick<Groups, 'findByIds' | 'findMembership'>,
  viewer: Viewer,
  groupId: string,
): Promise<GroupAccess> {
  const member = requireMember(viewer);
  const [group] = await groups.findByIds(member.organizationId, [groupId]);
  if (!group) throw notFound('Group', groupId);
  return { group, membership: await groups.findMembership(group.id, member.userId) };
}

/** FORBIDDEN when the viewer is banned from the group. Use it before joining, posting or messaging there. */
export async function assertNotBannedFromGroup(groups: Pick<Groups, 'findBan'>, viewer: Viewer, groupId: string): Promise<void> {
  const member = requireMember(viewer);
  const ban = await groups.findBan(groupId, member.userId);
  if (ban) {
    throw new DomainError('FORBIDDEN', `You are banned from group ${groupId}: ${ban.reason}`, { groupId, reason: ban.reason });
  }
}

/**
 * Checks that the viewer may read the group's content (posts, members): NOT_FOUND for an invisible
 * group, FORBIDDEN when banned or not a member. Organization admins and owners may read any group.
 */
export async function assertCanReadGroup(groups: Groups, viewer: Viewer, groupId: string): Promise<GroupAccess> {
  const access = await findGroupForViewer(groups, viewer, groupId);
  await assertNotBannedFromGroup(groups, viewer, access.group.id);
  if (!access.membership && !roleAtLeast(viewer.role, 'ADMIN')) {
    throw new DomainError('FORBIDDEN', `Join group ${groupId} first: only its members see its content`, { groupId });
  }
  return access;
}

/**
 * Checks that the viewer may post (or message) in the group (pass the repository of the
 * transaction that writes). Returns the group.
 * - UNAUTHENTICATED / FORBIDDEN without a signed-in organization member; FORBIDDEN for VIEWER;
 * - NOT_FOUND when the group is another organization's or deleted;
 * - FORBIDDEN when the viewer is banned from it, or is not a member (organization role does not
 *   make one a member).
 */
export async function assertCanPostInGroup(groups: Groups, viewer: Viewer, groupId: string): Promise<GroupRecord> {
  requireRole(viewer, 'MEMBER');
  const { group, membership } = await findGroupForViewer(groups, viewer, groupId);
  await assertNotBannedFromGroup(groups, viewer, group.id);
  if (!membership) {
    throw new DomainError('FORBIDDEN', `Join group ${groupId} before posting in it`, { groupId });
  }
  return group;
}

/**
 * Whether the viewer moderates the group: a group moderator or above, or an organization
 * moderator or above. For hiding or deleting others' content in it.
 */
export async function canModerateGroup(groups: Pick<Groups, 'findMembership'>, viewer: Viewer, groupId: string): Promise<boolean> {
  const member = requireMember(viewer);
  if (roleAtLeast(member.role, 'MODERATOR')) return true;
  const membership = await groups.findMembership(groupId, member.userId);
  return groupRoleAtLeast(membership?.role, 'MODERATOR');
}
