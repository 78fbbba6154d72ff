import { z } from 'zod';

const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));

export const MAX_MONEY_AMOUNT = 100_000_000;

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code of three upper-case letters, e.g. EUR', abort: true })
  .refine((code) => isoCurrencies.has(code), { error: (issue) => `${String(issue.input)} is not an ISO 4217 currency code` });

export const moneyInput = z.object({
  amount: z
    .number()
    .int('must be a whole number of minor units')
    .min(0, 'must not be negative')
    .max(MAX_MONEY_AMOUNT, `must be at most ${MAX_MONEY_AMOUNT}`),
  currency: currencySchema,
});
