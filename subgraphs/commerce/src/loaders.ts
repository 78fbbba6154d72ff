import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommerceServices } from './context.ts';
import type { CommerceRepositories } from './repositories.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders({ viewer, services }: { repositories: CommerceRepositories; viewer: Viewer; services: CommerceServices }) {
  return {
    /** Products of the viewer's organization by id; null for any other id. */
    productById: createKeyedLoader(
      (ids: readonly string[]) => services.products.findVisibleByIds(viewer, ids),
      (product) => product.id,
    ),
  };
}

export type CommerceLoaders = ReturnType<typeof createLoaders>;
