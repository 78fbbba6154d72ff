import type { SubgraphContext } from '@plaza/subgraph-kit';
import { ContactService } from './contact/contact.service.ts';
import type { PrismaClient } from './db.ts';
import type { CrmLoaders } from './loaders.ts';

export function createServices(prisma: PrismaClient) {
  return {
    contacts: new ContactService({ prisma }),
  };
}

export type CrmServices = ReturnType<typeof createServices>;

export type CrmContext = SubgraphContext<CrmServices, CrmLoaders>;
