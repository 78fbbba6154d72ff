import { z } from 'zod';
import { moneyInput } from '../money/money.validation.ts';

const nameSchema = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const descriptionSchema = z.string().trim().max(2_000, 'must be at most 2000 characters');

export const productListArgs = z.object({
  activeOnly: z
    .boolean()
    .nullish()
    .transform((activeOnly) => activeOnly ?? false),
});

export const createProductInput = z.object({
  name: nameSchema,
  description: descriptionSchema.nullish().transform((description) => description || null),
  price: moneyInput,
  active: z
    .boolean()
    .nullish()
    .transform((active) => active ?? true),
});

// `undefined` leaves a field as it is; only description may be cleared with null.
export const updateProductInput = z.object({
  name: nameSchema.nullish().transform((name) => name ?? undefined),
  description: descriptionSchema.nullish().transform((description) => (description === undefined ? undefined : description || null)),
  price: moneyInput.nullish().transform((price) => price ?? undefined),
  active: z
    .boolean()
    .nullish()
    .transform((active) => active ?? undefined),
});
