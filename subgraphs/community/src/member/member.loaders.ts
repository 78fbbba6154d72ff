import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';

/** Member-directory loaders of one request, inside the viewer's organization (empty without one). */
export function createMemberLoaders({ repositories, viewer }: { repositories: Pick<CommunityRepositories, 'members'>; viewer: Viewer }) {
  const { members } = repositories;
  const { organizationId } = viewer;
  return {
    /** Active members of the viewer's organization by user id; null for anyone else. */
    activeMemberByUserId: createKeyedLoader(
      (userIds: readonly string[]) => (organizationId ? members.findActive(organizationId, userIds) : Promise.resolve([])),
      (member) => member.userId,
    ),
  };
}
