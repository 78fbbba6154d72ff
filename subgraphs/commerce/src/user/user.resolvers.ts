import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type { UserResolvers } from '../generated/graphql.ts';

/** Commerce stores no users: a reference is all it needs to find their orders and cart. */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  orders: (user, args, { viewer, services }) =>
    services.orders.list(viewer, { customerId: user.id }, parseInput(connectionArgsSchema, args)),
  cart: (user, _, { viewer, services }) => (user.id === viewer.userId ? services.carts.view(viewer) : null),
  membershipTier: async (user, _, { loaders }) => (await loaders.grantedTierByUserId.load(user.id))?.tier ?? null,
};
