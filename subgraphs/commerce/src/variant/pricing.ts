/** A price tier as the pricing rules need it. */
export interface PriceTier {
  currency: string;
  amount: number;
  minQuantity: number;
}

/**
 * What one unit costs when buying `quantity` in `currency`: the tier with the highest minimum
 * quantity that `quantity` reaches. Null when the variant has no price in that currency.
 */
export function unitPriceOf(prices: readonly PriceTier[], currency: string, quantity: number): number | null {
  let best: PriceTier | null = null;
  for (const price of prices) {
    if (price.currency !== currency || price.minQuantity > quantity) continue;
    if (!best || price.minQuantity > best.minQuantity) best = price;
  }
  return best?.amount ?? null;
}

/** The lowest base price (one unit) in `currency`, or in the currency of the first base price when none is named. */
export function lowestBasePrice(prices: readonly PriceTier[], currency?: string | null): { amount: number; currency: string } | null {
  const wanted = currency ?? prices.find((price) => price.minQuantity === 1)?.currency;
  const amounts = prices.filter((price) => price.minQuantity === 1 && price.currency === wanted).map((price) => price.amount);
  return wanted && amounts.length ? { amount: Math.min(...amounts), currency: wanted } : null;
}
