import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';

export function createAnnouncementLoaders({
  repositories,
  viewer,
}: {
  repositories: Pick<CommunityRepositories, 'announcements'>;
  viewer: Viewer;
}) {
  const { announcements } = repositories;
  const { organizationId } = viewer;
  return {
    /** Announcements of the viewer's organization (expired included), by id. */
    announcementById: createKeyedLoader(
      (ids: readonly string[]) => (organizationId && viewer.role ? announcements.findByIds(organizationId, ids) : Promise.resolve([])),
      (announcement) => announcement.id,
    ),
  };
}
