import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { CategoryService } from './category/category.service.ts';
import { DiscountService } from './discount/discount.service.ts';
import { InventoryService } from './inventory/inventory.service.ts';
import type { CommerceLoaders } from './loaders.ts';
import { ProductService } from './product/product.service.ts';
import type { CommerceRepositories } from './repositories.ts';
import { VariantService } from './variant/variant.service.ts';

/** Commerce reads no settings of its own: its services need only their repositories. */
export function createServices({ data }: ServiceDependencies<CommerceRepositories, unknown>) {
  return {
    products: new ProductService({ data }),
    variants: new VariantService({ data }),
    categories: new CategoryService({ data }),
    inventory: new InventoryService({ data }),
    discounts: new DiscountService({ data }),
  };
}

export type CommerceServices = ReturnType<typeof createServices>;

export type CommerceContext = SubgraphContext<CommerceServices, CommerceLoaders>;
