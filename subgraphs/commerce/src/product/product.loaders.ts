import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import type { ProductService } from './product.service.ts';

/** Products of one request, by id, as the viewer may see them. */
export function createProductLoaders({
  viewer,
  repositories,
  products,
}: {
  viewer: Viewer;
  repositories: CommerceRepositories;
  products: Pick<ProductService, 'findVisibleByIds'>;
}) {
  const organizationId = viewer.organizationId ?? '';
  return {
    /** Products of the viewer's organization by id; null for any other id, and for drafts unless the viewer is an admin. */
    productById: createKeyedLoader(
      (ids: readonly string[]) => products.findVisibleByIds(viewer, ids),
      (product) => product.id,
    ),
    /** Each product's categories, by name. */
    categoriesByProductId: createGroupedLoader(
      (ids: readonly string[]) => repositories.categories.findByProductIds(organizationId, ids),
      (category) => category.productId,
    ),
  };
}
