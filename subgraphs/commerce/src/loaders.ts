import type { Viewer } from '@plaza/auth';
import type { CommerceServices } from './context.ts';
import { createMembershipLoaders } from './membership/membership.loaders.ts';
import { createDownloadLoaders } from './download/download.loaders.ts';
import { createOrderLoaders } from './order/order.loaders.ts';
import { createProductLoaders } from './product/product.loaders.ts';
import type { CommerceRepositories } from './repositories.ts';
import { createVariantLoaders } from './variant/variant.loaders.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. Each concept owns its loaders. */
export function createLoaders({
  repositories,
  viewer,
  services,
}: {
  repositories: CommerceRepositories;
  viewer: Viewer;
  services: CommerceServices;
}) {
  return {
    ...createProductLoaders({ viewer, repositories, products: services.products }),
    ...createVariantLoaders({ viewer, repositories, variants: services.variants }),
    ...createOrderLoaders({ viewer, repositories, orders: services.orders }),
    ...createMembershipLoaders({ viewer, billing: services.billing }),
    ...createDownloadLoaders({ viewer, repositories, downloads: services.downloads }),
  };
}

export type CommerceLoaders = ReturnType<typeof createLoaders>;
