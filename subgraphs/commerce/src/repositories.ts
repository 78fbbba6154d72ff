import type { RepositoriesOf } from '@plaza/subgraph-kit';
import type { Db } from './db.ts';
import { ProductRepository } from './product/product.repository.ts';

/** Every repository of commerce over one client or transaction: the only code that touches Prisma. */
export function createRepositories(db: Db) {
  return {
    products: new ProductRepository(db),
  };
}

/** What commerce's services see of its repositories: public methods only, so unit tests can pass fakes. */
export type CommerceRepositories = RepositoriesOf<typeof createRepositories>;
