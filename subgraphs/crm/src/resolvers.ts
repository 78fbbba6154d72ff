import { Contact, contactMutations, contactQueries } from './contact/contact.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';

export const resolvers: Resolvers = {
  Query: { ...contactQueries },
  Mutation: { ...contactMutations },
  Contact,
};
