import type { CommerceRepositories } from '../repositories.ts';
import type { OrderRecord } from './order.repository.ts';

/**
 * The order's domain events, recorded through the outbox with the transaction that makes the
 * change they describe: an event exists if and only if its change committed.
 */

type Events = Pick<CommerceRepositories, 'events' | 'orders'>;
type OrderFacts = Pick<OrderRecord, 'id' | 'organizationId' | 'number' | 'customerId' | 'total' | 'currency'>;

const subjectOf = (order: OrderFacts) => ({ type: 'Order', id: order.id });
/** What every order event says of the order. */
const factsOf = (order: OrderFacts) => ({
  orderId: order.id,
  orderNumber: order.number,
  customerId: order.customerId,
  total: order.total,
  currency: order.currency,
});

export async function recordOrderPlaced({ events }: Events, order: OrderFacts, actorId: string | null): Promise<void> {
  await events.record({
    type: 'commerce.order.placed',
    organizationId: order.organizationId,
    actorId,
    subject: subjectOf(order),
    payload: factsOf(order),
  });
}

/** commerce.order.paid, the contract consumers grant purchases from: call it where the order becomes PAID. */
export async function recordOrderPaid({ events, orders }: Events, order: OrderFacts, actorId: string | null): Promise<void> {
  const items = await orders.itemsByOrderIds(order.organizationId, [order.id]);
  await events.record({
    type: 'commerce.order.paid',
    organizationId: order.organizationId,
    actorId,
    subject: subjectOf(order),
    payload: {
      ...factsOf(order),
      items: items.map((item) => ({ orderItemId: item.id, productId: item.productId, variantId: item.variantId, quantity: item.quantity })),
    },
  });
}

export async function recordOrderRefunded(
  { events }: Events,
  order: OrderFacts,
  refund: { id: string; amount: number; refundedTotal: number },
  actorId: string | null,
): Promise<void> {
  await events.record({
    type: 'commerce.order.refunded',
    organizationId: order.organizationId,
    actorId,
    subject: subjectOf(order),
    payload: {
      ...factsOf(order),
      refundId: refund.id,
      amount: refund.amount,
      refundedTotal: refund.refundedTotal,
      full: refund.refundedTotal === order.total,
    },
  });
}
