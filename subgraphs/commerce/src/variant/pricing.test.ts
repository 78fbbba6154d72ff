import { describe, expect, it } from 'vitest';
import { lowestBasePrice, unitPriceOf } from './pricing.ts';
import { pricesSchema } from './variant.validation.ts';

const tiers = [
  { currency: 'GBP', amount: 5500, minQuantity: 1 },
  { currency: 'GBP', amount: 4900, minQuantity: 5 },
  { currency: 'GBP', amount: 4500, minQuantity: 10 },
  { currency: 'EUR', amount: 6400, minQuantity: 1 },
];

describe('pricing', () => {
  it('takes the best quantity break the quantity reaches', () => {
    expect([1, 4, 5, 9, 10, 500].map((quantity) => unitPriceOf(tiers, 'GBP', quantity))).toEqual([5500, 5500, 4900, 4900, 4500, 4500]);
    expect(unitPriceOf(tiers, 'EUR', 20)).toBe(6400);
    expect(unitPriceOf(tiers, 'USD', 1)).toBeNull();
  });

  it('gives the lowest base price in a currency, or in the first one priced', () => {
    const variants = [...tiers, { currency: 'GBP', amount: 5000, minQuantity: 1 }];
    expect(lowestBasePrice(variants, 'GBP')).toEqual({ amount: 5000, currency: 'GBP' });
    expect(lowestBasePrice(variants)).toEqual({ amount: 5000, currency: 'GBP' });
    expect(lowestBasePrice(variants, 'USD')).toBeNull();
  });

  it('refuses price lists without a base price, with repeated breaks or with dearer breaks, naming them', () => {
    const messages = (prices: unknown) => pricesSchema.safeParse(prices).error?.issues.map((issue) => issue.message);
    expect(messages([{ amount: 100, currency: 'GBP', minQuantity: 2 }])).toEqual(['GBP needs a price with minQuantity 1']);
    expect(
      messages([
        { amount: 100, currency: 'GBP' },
        { amount: 90, currency: 'GBP', minQuantity: 1 },
      ]),
    ).toEqual(['GBP has two prices with minQuantity 1']);
    expect(
      messages([
        { amount: 100, currency: 'GBP' },
        { amount: 120, currency: 'GBP', minQuantity: 3 },
      ]),
    ).toEqual(['GBP from 3 units costs 120, more than 100 from 1']);
    expect(messages([{ amount: 100, currency: 'GBP', compareAtAmount: 100 }])).toEqual([
      'compareAtAmount 100 must be more than amount 100',
    ]);
  });
});
