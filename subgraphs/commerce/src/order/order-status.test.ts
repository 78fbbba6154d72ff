import { describe, expect, it } from 'vitest';
import { DomainError } from '@plaza/subgraph-kit';
import type { OrderStatus } from '../generated/prisma/enums.ts';
import { afterRefund, requireTransition, type OrderAction } from './order-status.ts';

const allowed = (status: OrderStatus, action: OrderAction) => {
  try {
    requireTransition({ number: 7, status }, action);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toContain(`Order #7 is ${status}`);
    return false;
  }
};

describe('order status machine', () => {
  it.each([
    ['PENDING', ['pay', 'cancel']],
    ['PAID', ['fulfill', 'refund']],
    ['FULFILLED', ['refund']],
    ['PARTIALLY_REFUNDED', ['fulfill', 'refund']],
    ['CANCELLED', []],
    ['REFUNDED', []],
  ] as const)('from %s allows %j and refuses the rest, naming the state', (status, actions) => {
    const all: OrderAction[] = ['pay', 'fulfill', 'cancel', 'refund'];
    expect(all.filter((action) => allowed(status, action))).toEqual(actions);
  });

  it('is REFUNDED once everything went back, PARTIALLY_REFUNDED before', () => {
    expect(afterRefund(2000, 500)).toBe('PARTIALLY_REFUNDED');
    expect(afterRefund(2000, 2000)).toBe('REFUNDED');
  });
});
