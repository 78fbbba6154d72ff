import type { Viewer } from '@plaza/auth';
import { createGroupedLoader } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import type { DownloadService } from './download.service.ts';

/** Files and grants of one request. Grants are reached through an order or a grant list the viewer may see. */
export function createDownloadLoaders({
  viewer,
  repositories,
  downloads,
}: {
  viewer: Viewer;
  repositories: CommerceRepositories;
  downloads: Pick<DownloadService, 'filesOfProducts'>;
}) {
  const organizationId = viewer.organizationId ?? '';
  return {
    /** A product's files, for admins (empty for others). */
    downloadFilesByProductId: createGroupedLoader(
      (ids: readonly string[]) => downloads.filesOfProducts(viewer, ids),
      (file) => file.productId,
    ),
    /** A product's files, for the grants that deliver them. */
    grantFilesByProductId: createGroupedLoader(
      (ids: readonly string[]) => repositories.downloads.filesByProductIds(organizationId, ids),
      (file) => file.productId,
    ),
    downloadGrantsByOrderId: createGroupedLoader(
      (ids: readonly string[]) => repositories.downloads.grantsByOrderIds(organizationId, ids),
      (grant) => grant.orderId,
    ),
  };
}
