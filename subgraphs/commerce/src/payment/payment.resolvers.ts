import { idSchema, parseInput } from '@plaza/subgraph-kit';
import { z } from 'zod';
import type { MutationResolvers, OrderResolvers, PaymentResolvers } from '../generated/graphql.ts';

const payOrderInput = z
  .object({
    provider: z
      .enum(['TEST', 'STRIPE'])
      .nullish()
      .transform((provider) => provider ?? 'TEST'),
    paymentMethod: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(255, 'must be at most 255 characters')
      .nullish()
      .transform((method) => method ?? null),
  })
  .nullish()
  .transform((input) => input ?? { provider: 'TEST' as const, paymentMethod: null });

export const paymentMutations: MutationResolvers = {
  payOrder: (_, { orderId, input }, { viewer, services }) =>
    services.payments.pay(viewer, parseInput(idSchema, orderId), parseInput(payOrderInput, input)),
};

/** The payment fields of Order. */
export const orderPayments: OrderResolvers = {
  payments: (order, _, { loaders }) => loaders.paymentsByOrderId.load(order.id),
};

export const Payment: PaymentResolvers = {
  amount: (payment) => ({ amount: payment.amount, currency: payment.currency }),
};
