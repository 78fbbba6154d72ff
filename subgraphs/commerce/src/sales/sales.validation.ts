import { z } from 'zod';
import { currencySchema } from '../money/money.validation.ts';

const MAX_BUCKETS = 1_000;
const DAY = 24 * 60 * 60 * 1000;
/** The longest a bucket of each grouping lasts, to bound their number before asking the database. */
const LONGEST = { DAY: DAY, WEEK: 7 * DAY, MONTH: 31 * DAY } as const;

export const salesReportArgs = z
  .object({
    from: z.date(),
    to: z.date(),
    groupBy: z.enum(['DAY', 'WEEK', 'MONTH']),
    currency: currencySchema,
    topProducts: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(50, 'must be at most 50')
      .nullish()
      .transform((n) => n ?? 10),
  })
  .refine((args) => args.to > args.from, { error: 'must be after from', path: ['to'] })
  .refine((args) => (args.to.getTime() - args.from.getTime()) / LONGEST[args.groupBy] <= MAX_BUCKETS - 2, {
    error: (issue) =>
      `spans more than ${MAX_BUCKETS} buckets of ${String((issue.input as { groupBy: string }).groupBy)}; group by a longer period`,
    path: ['to'],
  });

export type SalesReportArgs = z.output<typeof salesReportArgs>;
