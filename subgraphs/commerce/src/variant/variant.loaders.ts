import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import type { VariantService } from './variant.service.ts';

/** Variants and prices of one request. Callers reach them through a product the viewer may see. */
export function createVariantLoaders({
  viewer,
  repositories,
  variants,
}: {
  viewer: Viewer;
  repositories: CommerceRepositories;
  variants: Pick<VariantService, 'findVisibleByIds'>;
}) {
  const organizationId = viewer.organizationId ?? '';
  return {
    /** Variants whose product the viewer may see, by id. */
    variantById: createKeyedLoader(
      (ids: readonly string[]) => variants.findVisibleByIds(viewer, ids),
      (variant) => variant.id,
    ),
    /** Each product's variants in display order. */
    variantsByProductId: createGroupedLoader(
      (ids: readonly string[]) => repositories.variants.findByProductIds(organizationId, ids),
      (variant) => variant.productId,
    ),
    /** Each variant's prices by currency, then minimum quantity. */
    pricesByVariantId: createGroupedLoader(
      (ids: readonly string[]) => repositories.variants.pricesByVariantIds(organizationId, ids),
      (price) => price.variantId,
    ),
    /** Each product's base prices (one unit), across its variants. */
    basePricesByProductId: createGroupedLoader(
      (ids: readonly string[]) => repositories.variants.basePricesByProductIds(organizationId, ids),
      (price) => price.productId,
    ),
  };
}
