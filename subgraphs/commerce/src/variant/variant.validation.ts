import { z } from 'zod';
import { currencySchema, MAX_MONEY_AMOUNT } from '../money/money.validation.ts';

const amountSchema = z
  .number()
  .int('must be a whole number of minor units')
  .min(0, 'must not be negative')
  .max(MAX_MONEY_AMOUNT, `must be at most ${MAX_MONEY_AMOUNT}`);

/** A count of units: whole, positive and bounded, for prices, carts and stock alike. */
const quantitySchema = z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000');

const priceInput = z
  .object({
    amount: amountSchema,
    currency: currencySchema,
    compareAtAmount: amountSchema.nullish().transform((value) => value ?? null),
    minQuantity: quantitySchema.nullish().transform((value) => value ?? 1),
  })
  .refine((price) => price.compareAtAmount === null || price.compareAtAmount > price.amount, {
    error: (issue) => {
      const price = issue.input as { amount: number; compareAtAmount: number };
      return `compareAtAmount ${price.compareAtAmount} must be more than amount ${price.amount}`;
    },
    path: ['compareAtAmount'],
  });

export type PriceInput = z.output<typeof priceInput>;

/**
 * A variant's whole price list: one base price (minQuantity 1) per currency, and quantity breaks
 * that never make a unit dearer as the quantity grows.
 */
export const pricesSchema = z
  .array(priceInput)
  .min(1, 'must hold at least one price')
  .max(30, 'must hold at most 30 prices')
  .superRefine((prices, context) => {
    const byCurrency = new Map<string, PriceInput[]>();
    for (const price of prices) byCurrency.set(price.currency, [...(byCurrency.get(price.currency) ?? []), price]);
    for (const [currency, tiers] of byCurrency) {
      const sorted = tiers.toSorted((a, b) => a.minQuantity - b.minQuantity);
      if (sorted[0]?.minQuantity !== 1) context.addIssue({ code: 'custom', message: `${currency} needs a price with minQuantity 1` });
      for (const [index, tier] of sorted.entries()) {
        const previous = sorted[index - 1];
        if (!previous) continue;
        if (previous.minQuantity === tier.minQuantity)
          context.addIssue({ code: 'custom', message: `${currency} has two prices with minQuantity ${tier.minQuantity}` });
        else if (tier.amount > previous.amount)
          context.addIssue({
            code: 'custom',
            message: `${currency} from ${tier.minQuantity} units costs ${tier.amount}, more than ${previous.amount} from ${previous.minQuantity}`,
          });
      }
    }
  });

const optionsSchema = z
  .array(
    z.object({
      name: z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters'),
      value: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
    }),
  )
  .max(5, 'must hold at most 5 options')
  .refine((options) => new Set(options.map((option) => option.name.toLowerCase())).size === options.length, 'must have distinct names');

/** Options as stored in the variant's JSON column. */
export const storedOptions = optionsSchema;

const titleSchema = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const skuSchema = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const variantInput = z.object({
  title: titleSchema,
  sku: skuSchema.nullish().transform((sku) => sku ?? null),
  options: optionsSchema.nullish().transform((options) => options ?? []),
  prices: pricesSchema,
});

export type VariantInput = z.output<typeof variantInput>;

export const updateVariantInput = z.object({
  title: titleSchema.nullish().transform((title) => title ?? undefined),
  sku: skuSchema.nullish(),
  options: optionsSchema.nullish().transform((options) => options ?? undefined),
});

export const unitPriceArgs = z.object({ currency: currencySchema, quantity: quantitySchema.nullish().transform((value) => value ?? 1) });
