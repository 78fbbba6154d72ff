import type { Viewer } from '@plaza/auth';
import { createKeyedLoader } from '@plaza/subgraph-kit';
import type { ContactService } from './contact/contact.service.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders(viewer: Viewer, services: { contacts: ContactService }) {
  return {
    /** Contacts the viewer may see; null for any other id, including other organizations'. */
    contactById: createKeyedLoader((ids: readonly string[]) => services.contacts.findVisibleByIds(viewer, ids), (contact) => contact.id),
  };
}

export type CrmLoaders = ReturnType<typeof createLoaders>;
