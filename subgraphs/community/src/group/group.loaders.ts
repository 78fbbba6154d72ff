import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { Viewer } from '@plaza/auth';
import type { PrismaClient } from '../db.ts';
import { createPagedLoader } from '../loaders.ts';
import { GroupRepository, type GroupMemberRecord } from './group.repository.ts';

/** Group loaders of one request; groups are scoped to the viewer's organization. */
export function createGroupLoaders(prisma: PrismaClient, viewer: Viewer) {
  const groups = new GroupRepository(prisma);
  const { userId, organizationId } = viewer;
  return {
    /** Live groups of the viewer's organization, by id. */
    groupById: createKeyedLoader(
      (ids: readonly string[]) => (organizationId && viewer.role ? groups.findByIds(organizationId, ids) : Promise.resolve([])),
      (group) => group.id,
    ),
    groupMembersByGroupId: createPagedLoader((groupIds, page) => groups.listMembersByGroups(groupIds, page), (member: GroupMemberRecord) => member.groupId),
    groupMemberCountByGroupId: createKeyedLoader((groupIds: readonly string[]) => groups.countMembers(groupIds), (count) => count.groupId),
    /** The viewer's own membership of each group. */
    viewerGroupMembershipByGroupId: createKeyedLoader(
      (groupIds: readonly string[]) => (userId ? groups.findMembershipsOfUser(userId, groupIds) : Promise.resolve([])),
      (member) => member.groupId,
    ),
    /** The viewer's own ban from each group. */
    viewerGroupBanByGroupId: createKeyedLoader(
      (groupIds: readonly string[]) => (userId ? groups.findBansOfUser(userId, groupIds) : Promise.resolve([])),
      (ban) => ban.groupId,
    ),
  };
}
