import { roleAtLeast, type Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember, requireRole, type MemberViewer } from '@plaza/subgraph-kit';
import type { SpaceRecord, SpaceRepository, SpaceScope } from './space.repository.ts';

/**
 * Who may see and post in which space. Posts, feeds, chat and live updates ask here, each with the
 * repository of its own transaction (or of the request), so the rules live in one place.
 */
type Spaces = Pick<SpaceRepository, 'findByIds'>;

/**
 * The spaces a viewer may see. Admins and owners see every space; everyone else sees PUBLIC and
 * PRIVATE spaces, and the SECRET spaces they were added to.
 */
export function spaceScopeOf(viewer: Viewer): SpaceScope {
  const member = requireMember(viewer);
  return {
    organizationId: member.organizationId,
    userId: member.userId,
    visibilities: roleAtLeast(member.role, 'ADMIN') ? ['PUBLIC', 'PRIVATE', 'SECRET'] : ['PUBLIC', 'PRIVATE'],
  };
}

/** A space the viewer may see, or NOT_FOUND (another organization's, deleted, or secret to them). */
export async function assertCanReadSpace(spaces: Spaces, viewer: Viewer, spaceId: string): Promise<SpaceRecord> {
  const [space] = await spaces.findByIds(spaceScopeOf(viewer), [spaceId]);
  if (!space) throw notFound('Space', spaceId);
  return space;
}

/** Whether the space's posting policy lets this member post (moderators and up always may). */
export function postingPolicyAllows(space: Pick<SpaceRecord, 'postingPolicy'>, viewer: MemberViewer): boolean {
  return space.postingPolicy === 'EVERYONE' || roleAtLeast(viewer.role, 'MODERATOR');
}

/**
 * Checks that the viewer may publish a post in the space (pass the repository of the transaction
 * that creates the post). Returns the space.
 * - UNAUTHENTICATED / FORBIDDEN without a signed-in organization member;
 * - FORBIDDEN for the VIEWER role (read-only members);
 * - NOT_FOUND when the space is not visible to the viewer (other organization, deleted, secret);
 * - FORBIDDEN when the space's posting policy is MODERATORS and the viewer is below MODERATOR.
 * PUBLIC and PRIVATE spaces take posts from every organization member without joining: joining
 * only follows a space (home feed, unread counts). Secret spaces are visible to their members only,
 * so visibility already covers membership there.
 */
export async function assertCanPostInSpace(spaces: Spaces, viewer: Viewer, spaceId: string): Promise<SpaceRecord> {
  const member = requireRole(viewer, 'MEMBER');
  const space = await assertCanReadSpace(spaces, member, spaceId);
  if (!postingPolicyAllows(space, member)) {
    throw new DomainError('FORBIDDEN', `Only moderators may post in space ${space.id}; you are ${member.role}`, {
      spaceId: space.id,
      postingPolicy: space.postingPolicy,
    });
  }
  return space;
}
