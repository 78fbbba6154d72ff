import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { moneyInput } from '../money/money.validation.ts';

export const codeSchema = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(32, 'must be at most 32 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, hyphens or underscores')
  .transform((code) => code.toUpperCase());

const positiveMoney = moneyInput.refine((money) => money.amount > 0, { error: 'must be more than 0', path: ['amount'] });
const limitSchema = z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000');

export const createDiscountInput = z
  .object({
    code: codeSchema.nullish().transform((code) => code ?? null),
    name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
    kind: z.enum(['PERCENTAGE', 'FIXED_AMOUNT']),
    percentOff: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').nullish(),
    amountOff: positiveMoney.nullish(),
    minimumOrder: moneyInput.nullish(),
    startsAt: z.date().nullish(),
    endsAt: z.date().nullish(),
    usageLimit: limitSchema.nullish(),
    perCustomerLimit: limitSchema.nullish(),
    productIds: z.array(idSchema).max(100, 'must hold at most 100 products').nullish(),
    categoryIds: z.array(idSchema).max(50, 'must hold at most 50 categories').nullish(),
  })
  .refine((input) => input.kind !== 'PERCENTAGE' || typeof input.percentOff === 'number', {
    error: 'is required for PERCENTAGE',
    path: ['percentOff'],
  })
  .refine((input) => input.kind !== 'FIXED_AMOUNT' || !!input.amountOff, { error: 'is required for FIXED_AMOUNT', path: ['amountOff'] })
  .refine((input) => !input.amountOff || !input.minimumOrder || input.amountOff.currency === input.minimumOrder.currency, {
    error: 'must be in the currency of amountOff',
    path: ['minimumOrder'],
  })
  .refine((input) => !input.startsAt || !input.endsAt || input.startsAt < input.endsAt, {
    error: 'must be after startsAt',
    path: ['endsAt'],
  })
  .transform(({ percentOff, amountOff, minimumOrder, ...input }) => ({
    ...input,
    percentOff: input.kind === 'PERCENTAGE' ? percentOff! : null,
    amountOff: input.kind === 'FIXED_AMOUNT' ? amountOff!.amount : null,
    currency: (input.kind === 'FIXED_AMOUNT' ? amountOff!.currency : minimumOrder?.currency) ?? null,
    minimumOrderAmount: minimumOrder?.amount ?? null,
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    usageLimit: input.usageLimit ?? null,
    perCustomerLimit: input.perCustomerLimit ?? null,
    productIds: [...new Set(input.productIds ?? [])],
    categoryIds: [...new Set(input.categoryIds ?? [])],
  }));

export type CreateDiscountInput = z.output<typeof createDiscountInput>;
