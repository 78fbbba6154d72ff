import { z } from 'zod';

/** Reasons an admin may give; SALE and CANCELLATION belong to checkout and cancellation. */
const ADMIN_REASONS = ['RESTOCK', 'CORRECTION', 'DAMAGE', 'RETURN'] as const;

export const adjustStockInput = z
  .object({
    quantity: z
      .number()
      .int('must be a whole number')
      .min(-100_000, 'must be at least -100000')
      .max(100_000, 'must be at most 100000')
      .refine((quantity) => quantity !== 0, 'must not be 0'),
    reason: z.enum(ADMIN_REASONS, {
      error: (issue) => `${String(issue.input)} is not a reason an admin may give (${ADMIN_REASONS.join(', ')})`,
    }),
    note: z
      .string()
      .trim()
      .max(500, 'must be at most 500 characters')
      .nullish()
      .transform((note) => note || null),
  })
  .refine((input) => !['RESTOCK', 'RETURN'].includes(input.reason) || input.quantity > 0, {
    error: (issue) => `${(issue.input as { reason: string }).reason} must add units (a positive quantity)`,
    path: ['quantity'],
  })
  .refine((input) => input.reason !== 'DAMAGE' || input.quantity < 0, {
    error: 'DAMAGE must remove units (a negative quantity)',
    path: ['quantity'],
  });

export type AdjustStockInput = z.output<typeof adjustStockInput>;

export const thresholdSchema = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(100_000, 'must be at most 100000')
  .nullable();
