import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { CrmServices } from './context.ts';
import type { CrmRepositories } from './repositories.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders({ viewer, services }: { repositories: CrmRepositories; viewer: Viewer; services: CrmServices }) {
  return {
    /** Contacts the viewer may see; null for any other id, including other organizations'. */
    contactById: createKeyedLoader(
      (ids: readonly string[]) => services.contacts.findVisibleByIds(viewer, ids),
      (contact) => contact.id,
    ),
  };
}

export type CrmLoaders = ReturnType<typeof createLoaders>;
