import { parseInput } from '@plaza/subgraph-kit';
import { z } from 'zod';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.ts';

const taxRateSchema = z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000, 'must be at most 10000');

export const shopQueries: QueryResolvers = {
  shopSettings: (_, __, { viewer, services }) => services.shop.settings(viewer),
};

export const shopMutations: MutationResolvers = {
  updateShopSettings: (_, { taxRateBasisPoints }, { viewer, services }) =>
    services.shop.setTaxRate(viewer, parseInput(taxRateSchema, taxRateBasisPoints)),
};
