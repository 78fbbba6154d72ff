import { connectionArgsSchema, idSchema, optionalTextSchema, parseInput } from '@plaza/subgraph-kit';
import { z } from 'zod';
import type {
  MutationResolvers,
  OrderItemResolvers,
  OrderResolvers,
  OrderTransactionResolvers,
  QueryResolvers,
} from '../generated/graphql.ts';

const noteSchema = optionalTextSchema(500).transform((note) => note ?? null);
const ordersFilter = z.object({
  customerId: idSchema.nullish(),
  status: z.enum(['PENDING', 'PAID', 'FULFILLED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED']).nullish(),
});
const refundAmount = z.number().int('must be a whole number of minor units').min(1, 'must be at least 1');

export const orderQueries: QueryResolvers = {
  orders: (_, { customerId, status, ...page }, { viewer, services }) =>
    services.orders.list(viewer, parseInput(ordersFilter, { customerId, status }), parseInput(connectionArgsSchema, page)),
  order: (_, { id }, { viewer, services, loaders }) =>
    services.orders.find(viewer, parseInput(idSchema, id), (orderId) => loaders.orderById.load(orderId)),
};

export const orderMutations: MutationResolvers = {
  markOrderPaid: (_, { id, note }, { viewer, services }) =>
    services.orders.markPaid(viewer, parseInput(idSchema, id), parseInput(noteSchema, note)),
  fulfillOrder: (_, { id, note }, { viewer, services }) =>
    services.orders.fulfill(viewer, parseInput(idSchema, id), parseInput(noteSchema, note)),
  cancelOrder: (_, { id, note }, { viewer, services }) =>
    services.orders.cancel(viewer, parseInput(idSchema, id), parseInput(noteSchema, note)),
  refundOrder: (_, { id, amount, note }, { viewer, services }) =>
    services.orders.refund(viewer, parseInput(idSchema, id), parseInput(refundAmount, amount), parseInput(noteSchema, note)),
};

export const Order: OrderResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.orderById.load(reference.id),
  customer: (order) => ({ id: order.customerId }),
  items: (order, _, { loaders }) => loaders.orderItemsByOrderId.load(order.id),
  transactions: (order, _, { loaders }) => loaders.orderTransactionsByOrderId.load(order.id),
  subtotal: (order) => ({ amount: order.subtotal, currency: order.currency }),
  discount: (order) => ({ amount: order.discountTotal, currency: order.currency }),
  tax: (order) => ({ amount: order.taxTotal, currency: order.currency }),
  total: (order) => ({ amount: order.total, currency: order.currency }),
  refunded: (order) => ({ amount: order.refundedTotal, currency: order.currency }),
};

export const OrderItem: OrderItemResolvers = {
  product: (item, _, { loaders }) => loaders.productById.load(item.productId),
  unitPrice: async (item, _, { loaders }) => ({
    amount: item.unitPrice,
    currency: (await loaders.orderById.load(item.orderId))?.currency ?? '',
  }),
  lineTotal: async (item, _, { loaders }) => ({
    amount: item.lineTotal,
    currency: (await loaders.orderById.load(item.orderId))?.currency ?? '',
  }),
};

export const OrderTransaction: OrderTransactionResolvers = {
  amount: async (transaction, _, { loaders }) => ({
    amount: transaction.amount,
    currency: (await loaders.orderById.load(transaction.orderId))?.currency ?? '',
  }),
  actor: (transaction) => (transaction.actorId ? { id: transaction.actorId } : null),
};
