import type { RepositoriesOf } from '@plaza/subgraph-kit';
import { ContactRepository } from './contact/contact.repository.ts';
import type { Db } from './db.ts';

/** Every repository of crm over one client or transaction: the only code that touches Prisma. */
export function createRepositories(db: Db) {
  return {
    contacts: new ContactRepository(db),
  };
}

/** What crm's services see of its repositories: public methods only, so unit tests can pass fakes. */
export type CrmRepositories = RepositoriesOf<typeof createRepositories>;
