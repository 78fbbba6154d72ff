import type { SubgraphContext } from '@plaza/subgraph-kit';
import type { PrismaClient } from './db.ts';
import type { CommerceLoaders } from './loaders.ts';
import { ProductService } from './product/product.service.ts';

export function createServices(prisma: PrismaClient) {
  return {
    products: new ProductService({ prisma }),
  };
}

export type CommerceServices = ReturnType<typeof createServices>;

export type CommerceContext = SubgraphContext<CommerceServices, CommerceLoaders>;
