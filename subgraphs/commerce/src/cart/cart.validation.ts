import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { currencySchema } from '../money/money.validation.ts';

const quantity = z.number().int('must be a whole number').max(10_000, 'must be at most 10000');

export const addToCartInput = z.object({
  variantId: idSchema,
  quantity: quantity
    .min(1, 'must be at least 1')
    .nullish()
    .transform((value) => value ?? 1),
  currency: currencySchema,
});

export type AddToCartInput = z.output<typeof addToCartInput>;

export const cartQuantitySchema = quantity.min(0, 'must not be negative');

export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, 'must be at least 8 characters')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\w.:-]+$/, 'must be letters, digits and . _ : -');
