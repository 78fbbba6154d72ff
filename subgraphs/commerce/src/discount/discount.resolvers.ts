import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import { z } from 'zod';
import type { DiscountResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { createDiscountInput } from './discount.validation.ts';

export const discountQueries: QueryResolvers = {
  discounts: (_, page, { viewer, services }) => services.discounts.list(viewer, parseInput(connectionArgsSchema, page)),
};

export const discountMutations: MutationResolvers = {
  createDiscount: (_, { input }, { viewer, services }) => services.discounts.create(viewer, parseInput(createDiscountInput, input)),
  setDiscountActive: (_, { id, active }, { viewer, services }) =>
    services.discounts.setActive(viewer, parseInput(idSchema, id), parseInput(z.boolean(), active)),
};

export const Discount: DiscountResolvers = {
  amountOff: (discount) =>
    discount.amountOff === null || !discount.currency ? null : { amount: discount.amountOff, currency: discount.currency },
  minimumOrder: (discount) =>
    discount.minimumOrderAmount === null || !discount.currency
      ? null
      : { amount: discount.minimumOrderAmount, currency: discount.currency },
};
