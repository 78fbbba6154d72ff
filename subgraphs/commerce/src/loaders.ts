import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { PrismaClient } from './db.ts';
import { ProductRepository } from './product/product.repository.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders(prisma: PrismaClient, viewer: Viewer) {
  const products = new ProductRepository(prisma);
  const { organizationId } = viewer;
  return {
    /** Products of the viewer's organization by id; null for any other id. */
    productById: createKeyedLoader(
      (ids: readonly string[]) => (organizationId && viewer.userId ? products.findByIds(organizationId, ids) : Promise.resolve([])),
      (product) => product.id,
    ),
  };
}

export type CommerceLoaders = ReturnType<typeof createLoaders>;
