import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { Viewer } from '@plaza/auth';
import type { PrismaClient } from '../db.ts';
import { createPagedLoader } from '../loaders.ts';
import { SpaceRepository, type SpaceMemberRecord } from './space.repository.ts';

/**
 * Space loaders of one request. Callers only reach them through a space the viewer can already
 * see (a loaded Space), so they need no visibility filter of their own.
 */
export function createSpaceLoaders(prisma: PrismaClient, viewer: Viewer) {
  const spaces = new SpaceRepository(prisma);
  const userId = viewer.userId;
  const organizationId = viewer.organizationId;
  const membershipsOf = (spaceIds: readonly string[]) =>
    userId && organizationId ? spaces.findMembershipsOfUser(organizationId, userId, spaceIds) : Promise.resolve([]);
  return {
    spaceMembersBySpaceId: createPagedLoader((spaceIds, page) => spaces.listMembersBySpaces(spaceIds, page), (member: SpaceMemberRecord) => member.spaceId),
    spaceMemberCountBySpaceId: createKeyedLoader((spaceIds: readonly string[]) => spaces.countMembers(spaceIds), (count) => count.spaceId),
    /** The viewer's own membership of each space. */
    viewerSpaceMembershipBySpaceId: createKeyedLoader(membershipsOf, (member) => member.spaceId),
    /** Unread posts for the viewer per space; spaces the viewer has not joined have none. */
    spaceUnreadCountBySpaceId: createKeyedLoader(
      async (spaceIds: readonly string[]) => spaces.countUnread(await membershipsOf(spaceIds)),
      (count) => count.spaceId,
    ),
  };
}
