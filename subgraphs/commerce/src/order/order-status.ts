import { DomainError } from '@plaza/subgraph-kit';
import type { OrderStatus } from '../generated/prisma/enums.ts';

/** What can be done to an order. */
export type OrderAction = 'pay' | 'fulfill' | 'cancel' | 'refund';

/** The states each action may start from: pending → paid → fulfilled; cancelled only while pending; refunds once paid. */
const FROM: Record<OrderAction, readonly OrderStatus[]> = {
  pay: ['PENDING'],
  fulfill: ['PAID', 'PARTIALLY_REFUNDED'],
  cancel: ['PENDING'],
  refund: ['PAID', 'FULFILLED', 'PARTIALLY_REFUNDED'],
};

/** CONFLICT naming the order's current state when `action` may not start from it. */
export function requireTransition(order: { number: number; status: OrderStatus }, action: OrderAction): void {
  if (!FROM[action].includes(order.status))
    throw new DomainError(
      'CONFLICT',
      `Order #${order.number} is ${order.status}: it cannot be ${PAST[action]} (only when ${FROM[action].join(' or ')})`,
      {
        status: order.status,
      },
    );
}

const PAST: Record<OrderAction, string> = { pay: 'paid', fulfill: 'fulfilled', cancel: 'cancelled', refund: 'refunded' };

/** The state a refund leaves: REFUNDED once everything paid went back. */
export const afterRefund = (total: number, refundedTotal: number): OrderStatus =>
  refundedTotal >= total ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
