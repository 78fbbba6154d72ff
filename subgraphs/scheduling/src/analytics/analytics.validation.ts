import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const instant = z.date({ error: 'must be an ISO-8601 date-time' });
/** The longest range a report covers: a year, leap or not. */
const MAX_RANGE_DAYS = 366;
/** The most resources one utilisation report covers. */
export const MAX_REPORT_RESOURCES = 50;

export const reportRangeArgs = z
  .object({ from: instant, to: instant })
  .refine((range) => range.to > range.from, { path: ['to'], message: 'must be after from' })
  .refine((range) => range.to.getTime() - range.from.getTime() <= MAX_RANGE_DAYS * 86_400_000, {
    path: ['to'],
    message: `must be at most ${MAX_RANGE_DAYS} days after from`,
  });

export const utilisationArgs = z.object({
  resourceIds: z
    .array(idSchema)
    .max(MAX_REPORT_RESOURCES, `must name at most ${MAX_REPORT_RESOURCES} resources`)
    .nullish()
    .transform((ids) => (ids ? [...new Set(ids)] : null)),
});

export type ReportRange = z.output<typeof reportRangeArgs>;
