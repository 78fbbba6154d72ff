import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { usagePlanNames } from './usage-plans.ts';

const metric = z.enum(['AI_TOKENS', 'API_CALLS', 'STORAGE_BYTES', 'SEATS']);
const wholeQuantity = z
  .number()
  .int('must be a whole number')
  .max(Number.MAX_SAFE_INTEGER, 'must be at most 2^53 - 1')
  .transform((quantity) => BigInt(quantity));

export const recordUsageInput = z.object({
  metric,
  quantity: z.number().min(1, 'must be at least 1').pipe(wholeQuantity),
  userId: idSchema.nullish().transform((id) => id ?? null),
  idempotencyKey: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .nullish()
    .transform((key) => key ?? null),
});

export const usageLimitInput = z.object({
  metric,
  limit: z
    .number()
    .min(0, 'must not be negative')
    .pipe(wholeQuantity)
    .nullish()
    .transform((limit) => limit ?? null),
});

export const usagePlanInput = z.enum(usagePlanNames, { error: `must be one of ${usagePlanNames.join(', ')}` });

export const usageByUserFilter = z.object({
  at: z
    .date()
    .nullish()
    .transform((at) => at ?? null),
  metric: metric.nullish().transform((value) => value ?? null),
  userId: idSchema.nullish().transform((id) => id ?? null),
});
