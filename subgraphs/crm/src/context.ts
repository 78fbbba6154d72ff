import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { ContactService } from './contact/contact.service.ts';
import type { CrmLoaders } from './loaders.ts';
import type { CrmRepositories } from './repositories.ts';

/** CRM reads no settings of its own: its services need only their repositories. */
export function createServices({ data, members }: ServiceDependencies<CrmRepositories, unknown>) {
  return {
    contacts: new ContactService({ data, members }),
  };
}

export type CrmServices = ReturnType<typeof createServices>;

export type CrmContext = SubgraphContext<CrmServices, CrmLoaders>;
