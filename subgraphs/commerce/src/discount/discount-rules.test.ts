import { describe, expect, it } from 'vitest';
import { DomainError } from '@plaza/subgraph-kit';
import { discountAmount, orderTotals, requireApplicable, requireUsesLeft, type PricedLine } from './discount-rules.ts';
import type { DiscountRecord } from './discount.repository.ts';

const discount = (overrides: Partial<DiscountRecord>): DiscountRecord => ({
  id: 'd-1',
  organizationId: 'org-1',
  code: 'SPRING',
  name: 'Spring',
  kind: 'PERCENTAGE',
  percentOff: 10,
  amountOff: null,
  currency: null,
  minimumOrderAmount: null,
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  perCustomerLimit: null,
  timesUsed: 0,
  productIds: [],
  categoryIds: [],
  active: true,
  createdAt: new Date(0),
  ...overrides,
});

const lines: PricedLine[] = [
  { productId: 'mat', categoryIds: ['gear'], lineTotal: 5500 },
  { productId: 'retreat', categoryIds: ['retreats'], lineTotal: 45000 },
];
const now = new Date('2026-12-03T10:00:00Z');

const refusal = (work: () => void) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('discount rules', () => {
  it('takes a percentage rounded down, or a fixed amount capped at what it applies to, of the lines it targets', () => {
    expect(discountAmount(discount({ percentOff: 15 }), lines, 'GBP')).toBe(7575);
    expect(discountAmount(discount({ percentOff: 15, productIds: ['mat'] }), lines, 'GBP')).toBe(825);
    expect(discountAmount(discount({ percentOff: 33, categoryIds: ['gear'] }), lines, 'GBP')).toBe(1815);
    expect(discountAmount(discount({ kind: 'FIXED_AMOUNT', amountOff: 9000, currency: 'GBP', productIds: ['mat'] }), lines, 'GBP')).toBe(
      5500,
    );
    expect(discountAmount(discount({ kind: 'FIXED_AMOUNT', amountOff: 1000, currency: 'EUR' }), lines, 'GBP')).toBe(0);
  });

  it('refuses a code outside its window or below its minimum order, naming dates and amounts', () => {
    const order = { now, subtotal: 3000, currency: 'GBP' };
    expect(refusal(() => requireApplicable(discount({ endsAt: new Date('2026-12-01T00:00:00Z') }), order)).message).toBe(
      'Discount code SPRING expired at 2026-12-01T00:00:00.000Z',
    );
    expect(refusal(() => requireApplicable(discount({ startsAt: new Date('2027-01-01T00:00:00Z') }), order)).message).toBe(
      'Discount code SPRING is valid from 2027-01-01T00:00:00.000Z',
    );
    expect(refusal(() => requireApplicable(discount({ minimumOrderAmount: 5000, currency: 'GBP' }), order)).message).toBe(
      'Discount code SPRING needs an order of at least £50.00; this one is £30.00',
    );
  });

  it('refuses a used-up code, in all or per customer, with CONFLICT', () => {
    expect(refusal(() => requireUsesLeft(discount({ usageLimit: 3, timesUsed: 3 }), 0))).toMatchObject({
      code: 'CONFLICT',
      message: 'Discount code SPRING has been used 3 times, its limit',
    });
    expect(refusal(() => requireUsesLeft(discount({ perCustomerLimit: 1, timesUsed: 1 }), 1)).message).toBe(
      'Discount code SPRING may be used 1 times per customer; you have used it 1',
    );
    expect(() => requireUsesLeft(discount({ usageLimit: 3, timesUsed: 2, perCustomerLimit: 2 }), 1)).not.toThrow();
  });

  it('applies the best automatic discount, then the code on what is left, then tax on what is paid', () => {
    const automatic = [
      discount({ id: 'a-1', code: null, name: 'Gear week', percentOff: 20, categoryIds: ['gear'] }),
      discount({
        id: 'a-2',
        code: null,
        name: 'Retreats',
        kind: 'FIXED_AMOUNT',
        amountOff: 5000,
        currency: 'GBP',
        productIds: ['retreat'],
      }),
      discount({ id: 'a-3', code: null, name: 'Future', percentOff: 90, startsAt: new Date('2027-01-01') }),
    ];
    const totals = orderTotals(lines, { currency: 'GBP', now, automatic, code: discount({ percentOff: 10 }), taxRateBasisPoints: 2000 });
    expect(totals).toMatchObject({ subtotal: 50500, codeDiscount: 5050, discount: 10050, tax: 8090, total: 48540 });
    expect(totals.automatic?.discount.id).toBe('a-2');
  });
});
