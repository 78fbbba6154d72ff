import type { Viewer } from '@plaza/auth';
import { createKeyedLoader, createPagedLoader } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';
import type { GroupMemberRecord, GroupPage } from './group.repository.ts';

/** Group loaders of one request; groups are scoped to the viewer's organization. */
export function createGroupLoaders({ repositories, viewer }: { repositories: Pick<CommunityRepositories, 'groups'>; viewer: Viewer }) {
  const { groups } = repositories;
  const { userId, organizationId } = viewer;
  return {
    /** Live groups of the viewer's organization, by id. */
    groupById: createKeyedLoader(
      (ids: readonly string[]) => (organizationId && viewer.role ? groups.findByIds(organizationId, ids) : Promise.resolve([])),
      (group) => group.id,
    ),
    groupMembersByGroupId: createPagedLoader<GroupMemberRecord, GroupPage>(
      (groupIds, page) => groups.listMembersByGroups(groupIds, page),
      (member) => member.groupId,
    ),
    groupMemberCountByGroupId: createKeyedLoader(
      (groupIds: readonly string[]) => groups.countMembers(groupIds),
      (count) => count.groupId,
    ),
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
