import { DomainError } from '@plaza/subgraph-kit';
import { formatMoney } from '../money/format-money.ts';
import type { DiscountRecord } from './discount.repository.ts';

/** A cart or order line as the discount rules see it. */
export interface PricedLine {
  productId: string;
  categoryIds: readonly string[];
  lineTotal: number;
}

type Rules = Pick<
  DiscountRecord,
  | 'code'
  | 'name'
  | 'kind'
  | 'percentOff'
  | 'amountOff'
  | 'currency'
  | 'minimumOrderAmount'
  | 'startsAt'
  | 'endsAt'
  | 'productIds'
  | 'categoryIds'
>;

const label = (discount: Pick<DiscountRecord, 'code' | 'name'>) =>
  discount.code ? `Discount code ${discount.code}` : `Discount "${discount.name}"`;

/** The part of the lines the discount applies to: lines of its products or categories, or all lines when it names none. */
function eligibleAmount(discount: Pick<Rules, 'productIds' | 'categoryIds'>, lines: readonly PricedLine[]): number {
  const everything = !discount.productIds.length && !discount.categoryIds.length;
  return lines
    .filter(
      (line) =>
        everything || discount.productIds.includes(line.productId) || line.categoryIds.some((id) => discount.categoryIds.includes(id)),
    )
    .reduce((sum, line) => sum + line.lineTotal, 0);
}

/** What the discount takes off, in minor units (rounded down, never more than what it applies to). */
export function discountAmount(discount: Rules, lines: readonly PricedLine[], currency: string): number {
  const eligible = eligibleAmount(discount, lines);
  if (discount.kind === 'PERCENTAGE') return Math.floor((eligible * (discount.percentOff ?? 0)) / 100);
  return discount.currency === currency ? Math.min(discount.amountOff ?? 0, eligible) : 0;
}

/**
 * Refuses a discount outside its validity window (BAD_USER_INPUT with the dates) or below its
 * minimum order (BAD_USER_INPUT with both amounts). Usage limits are counted at checkout.
 */
export function requireApplicable(discount: Rules, order: { now: Date; subtotal: number; currency: string }): void {
  if (discount.startsAt && order.now < discount.startsAt)
    throw new DomainError('BAD_USER_INPUT', `${label(discount)} is valid from ${discount.startsAt.toISOString()}`, { field: 'code' });
  if (discount.endsAt && order.now >= discount.endsAt)
    throw new DomainError('BAD_USER_INPUT', `${label(discount)} expired at ${discount.endsAt.toISOString()}`, { field: 'code' });
  if (discount.kind === 'FIXED_AMOUNT' && discount.currency !== order.currency)
    throw new DomainError('BAD_USER_INPUT', `${label(discount)} is for orders in ${discount.currency}, not ${order.currency}`, {
      field: 'code',
    });
  if (discount.minimumOrderAmount !== null) {
    const minimum = formatMoney(discount.minimumOrderAmount, discount.currency!);
    if (discount.currency !== order.currency)
      throw new DomainError('BAD_USER_INPUT', `${label(discount)} needs an order of at least ${minimum}`, { field: 'code' });
    if (order.subtotal < discount.minimumOrderAmount)
      throw new DomainError(
        'BAD_USER_INPUT',
        `${label(discount)} needs an order of at least ${minimum}; this one is ${formatMoney(order.subtotal, order.currency)}`,
        { field: 'code' },
      );
  }
}

/** Whether an automatic discount applies now to an order, without saying why not. */
export function isApplicable(discount: Rules, order: { now: Date; subtotal: number; currency: string }): boolean {
  try {
    requireApplicable(discount, order);
    return true;
  } catch {
    return false;
  }
}

/** CONFLICT when the discount is used up in all or for this customer; checkout calls it under the discount's row lock. */
export function requireUsesLeft(
  discount: Pick<DiscountRecord, 'code' | 'name' | 'usageLimit' | 'timesUsed' | 'perCustomerLimit'>,
  customerRedemptions: number,
): void {
  if (discount.usageLimit !== null && discount.timesUsed >= discount.usageLimit)
    throw new DomainError('CONFLICT', `${label(discount)} has been used ${discount.timesUsed} times, its limit`, { field: 'code' });
  if (discount.perCustomerLimit !== null && customerRedemptions >= discount.perCustomerLimit)
    throw new DomainError(
      'CONFLICT',
      `${label(discount)} may be used ${discount.perCustomerLimit} times per customer; you have used it ${customerRedemptions}`,
      {
        field: 'code',
      },
    );
}

/** The subtotal, the best automatic discount and the code's discount, tax and total of some lines, all in minor units. */
export function orderTotals(
  lines: readonly PricedLine[],
  options: { currency: string; now: Date; automatic: readonly DiscountRecord[]; code: DiscountRecord | null; taxRateBasisPoints: number },
) {
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const order = { now: options.now, subtotal, currency: options.currency };
  let automatic: { discount: DiscountRecord; amount: number } | null = null;
  for (const discount of options.automatic) {
    if (!isApplicable(discount, order) || (discount.usageLimit !== null && discount.timesUsed >= discount.usageLimit)) continue;
    const amount = discountAmount(discount, lines, options.currency);
    if (amount > (automatic?.amount ?? 0)) automatic = { discount, amount };
  }
  const afterAutomatic = subtotal - (automatic?.amount ?? 0);
  const codeAmount = options.code ? Math.min(discountAmount(options.code, lines, options.currency), afterAutomatic) : 0;
  const discount = (automatic?.amount ?? 0) + codeAmount;
  // Tax on what is paid, rounded half up: basis points keep the rate an integer.
  const tax = Math.round(((subtotal - discount) * options.taxRateBasisPoints) / 10_000);
  return { subtotal, discount, codeDiscount: codeAmount, automatic, tax, total: subtotal - discount + tax };
}
