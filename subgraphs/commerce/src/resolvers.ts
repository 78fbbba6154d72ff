import type { Resolvers } from '@plaza/subgraph-kit';
import type { CommerceContext } from './context.ts';
import { Product, productMutations, productQueries } from './product/product.resolvers.ts';

export const resolvers = {
  Query: { ...productQueries },
  Mutation: { ...productMutations },
  Product,
} as unknown as Resolvers<CommerceContext>;
