import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommunityRepositories } from '../repositories.ts';

/** File loaders of one request, inside the viewer's organization; FileService decides who may see each file. */
export function createFileLoaders({ repositories, viewer }: { repositories: Pick<CommunityRepositories, 'files'>; viewer: Viewer }) {
  const { files } = repositories;
  const organizationId = viewer.userId && viewer.role ? viewer.organizationId : null;
  const none = Promise.resolve([]);
  return {
    /** Files of the viewer's organization by id. */
    fileById: createKeyedLoader(
      (ids: readonly string[]) => (organizationId ? files.findByIds(organizationId, ids) : none),
      (file) => file.id,
    ),
    filesByMessageId: createGroupedLoader(
      (ids: readonly string[]) => (organizationId ? files.byMessageIds(organizationId, ids) : none),
      (file) => file.messageId,
    ),
    filesByPostId: createGroupedLoader(
      (ids: readonly string[]) => (organizationId ? files.byPostIds(organizationId, ids) : none),
      (file) => file.postId,
    ),
  };
}
