import type { Resolvers } from '@plaza/subgraph-kit';
import { Contact, contactMutations, contactQueries } from './contact/contact.resolvers.ts';
import type { CrmContext } from './context.ts';

export const resolvers = {
  Query: { ...contactQueries },
  Mutation: { ...contactMutations },
  Contact,
} as unknown as Resolvers<CrmContext>;
