import type { Resolvers } from './generated/graphql.ts';
import { Product, productMutations, productQueries } from './product/product.resolvers.ts';

export const resolvers: Resolvers = {
  Query: { ...productQueries },
  Mutation: { ...productMutations },
  Product,
};
