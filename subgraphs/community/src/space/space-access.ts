import { roleAtLeast, type Viewer } from '@plaza/auth';
import { MEMBERSHIP_TIERS, tierAtLeast } from '@plaza/events';
import { DomainError, notFound, requireMember, requireRole, type MemberViewer } from '@plaza/subgraph-kit';
import type { MembershipTier } from '../generated/prisma/enums.ts';
import type { SpaceRecord, SpaceRepository, SpaceScope } from './space.repository.ts';

/**
 * Who may see and post in which space. Posts, feeds, chat and live updates ask here, each with the
 * repository of its own transaction (or of the request), so the rules live in one place.
 */
type Spaces = Pick<SpaceRepository, 'findByIds' | 'findMemberTier'>;

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

/**
 * Admins and owners manage spaces, so a required tier never stops them; everyone else needs the
 * tier their commerce membership grants (community's member directory; FREE without one).
 */
const bypassesTiers = (viewer: MemberViewer) => roleAtLeast(viewer.role, 'ADMIN');

/** The tiers whose content the viewer may read: theirs and below; undefined for admins (every tier). */
export async function readableTiersOf(
  spaces: Pick<SpaceRepository, 'findMemberTier'>,
  viewer: MemberViewer,
): Promise<MembershipTier[] | undefined> {
  if (bypassesTiers(viewer)) return undefined;
  const tier = (await spaces.findMemberTier(viewer.organizationId, viewer.userId)) ?? 'FREE';
  return MEMBERSHIP_TIERS.filter((candidate) => tierAtLeast(tier, candidate));
}

/**
 * Whether the member's tier (null: none, FREE) opens the space. `loadTier` is only called when the
 * space requires a tier and the member does not bypass tiers.
 */
export async function tierAllows(
  space: Pick<SpaceRecord, 'requiredTier'>,
  member: MemberViewer,
  loadTier: () => Promise<MembershipTier | null>,
): Promise<boolean> {
  if (!space.requiredTier || bypassesTiers(member)) return true;
  return tierAtLeast((await loadTier()) ?? 'FREE', space.requiredTier);
}

/** FORBIDDEN naming the required tier when the space requires a tier above the viewer's. */
export async function assertTierAllows(spaces: Pick<SpaceRepository, 'findMemberTier'>, viewer: Viewer, space: SpaceRecord): Promise<void> {
  const member = requireMember(viewer);
  if (!space.requiredTier || bypassesTiers(member)) return;
  const tier = (await spaces.findMemberTier(member.organizationId, member.userId)) ?? 'FREE';
  if (!tierAtLeast(tier, space.requiredTier))
    throw new DomainError(
      'FORBIDDEN',
      `Space ${space.id} requires the ${space.requiredTier} membership tier or higher; your tier is ${tier}`,
      { spaceId: space.id, requiredTier: space.requiredTier, tier },
    );
}

/** A space the viewer may see, whatever its tier, or NOT_FOUND (another organization's, deleted, or secret to them). */
export async function assertCanSeeSpace(spaces: Pick<SpaceRepository, 'findByIds'>, viewer: Viewer, spaceId: string): Promise<SpaceRecord> {
  const [space] = await spaces.findByIds(spaceScopeOf(viewer), [spaceId]);
  if (!space) throw notFound('Space', spaceId);
  return space;
}

/**
 * A space whose content the viewer may read: NOT_FOUND when they may not see it, FORBIDDEN
 * naming the required tier when their membership tier is below it.
 */
export async function assertCanReadSpace(spaces: Spaces, viewer: Viewer, spaceId: string): Promise<SpaceRecord> {
  const space = await assertCanSeeSpace(spaces, viewer, spaceId);
  await assertTierAllows(spaces, viewer, space);
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
 * - FORBIDDEN naming the tier when the space requires a membership tier above the viewer's;
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
