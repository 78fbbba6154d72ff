import type { Viewer } from '@plaza/auth';
import { createKeyedLoader, createPagedLoader } from '@plaza/subgraph-kit';
import type { MembershipTier } from '../generated/prisma/enums.ts';
import type { CommunityRepositories } from '../repositories.ts';
import { spaceScopeOf } from './space-access.ts';
import type { SpaceMemberPage, SpaceMemberRecord } from './space.repository.ts';

/**
 * Space loaders of one request. `spaceById` applies the viewer's visibility; the others are only
 * reached through a space the viewer can already see (a loaded Space), so they need no filter.
 */
export function createSpaceLoaders({ repositories, viewer }: { repositories: Pick<CommunityRepositories, 'spaces'>; viewer: Viewer }) {
  const { spaces } = repositories;
  const { userId, organizationId } = viewer;
  // Without an organization nothing is visible: loaders answer null or empty, resolvers decide the error.
  const scope = userId && organizationId && viewer.role ? spaceScopeOf(viewer) : null;
  const membershipsOf = (spaceIds: readonly string[]) =>
    userId && organizationId ? spaces.findMembershipsOfUser(organizationId, userId, spaceIds) : Promise.resolve([]);
  let viewerTier: Promise<MembershipTier | null> | undefined;
  return {
    /** The viewer's membership tier (null: none, FREE), read once per request. */
    viewerTier: () => (viewerTier ??= userId && organizationId ? spaces.findMemberTier(organizationId, userId) : Promise.resolve(null)),
    /** Spaces the viewer may see, by id. */
    spaceById: createKeyedLoader(
      (ids: readonly string[]) => (scope ? spaces.findByIds(scope, ids) : Promise.resolve([])),
      (space) => space.id,
    ),
    spaceMembersBySpaceId: createPagedLoader<SpaceMemberRecord, SpaceMemberPage>(
      (spaceIds, page) => spaces.listMembersBySpaces(spaceIds, page),
      (member) => member.spaceId,
    ),
    spaceMemberCountBySpaceId: createKeyedLoader(
      (spaceIds: readonly string[]) => spaces.countMembers(spaceIds),
      (count) => count.spaceId,
    ),
    /** The viewer's own membership of each space. */
    viewerSpaceMembershipBySpaceId: createKeyedLoader(membershipsOf, (member) => member.spaceId),
    /** Unread posts for the viewer per space; spaces the viewer has not joined have none. */
    spaceUnreadCountBySpaceId: createKeyedLoader(
      async (spaceIds: readonly string[]) => spaces.countUnread(await membershipsOf(spaceIds)),
      (count) => count.spaceId,
    ),
  };
}
