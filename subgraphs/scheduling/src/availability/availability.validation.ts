import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const instant = z.date({ error: 'must be an ISO-8601 date-time' });
/** Availability is computed per request; the window bounds the work. */
const MAX_DAYS = 62;

export const availabilityArgs = z
  .object({
    id: idSchema,
    from: instant,
    to: instant,
    durationMinutes: z.number().int().min(5, 'must be at least 5').max(1440, 'must be at most 1440'),
    stepMinutes: z
      .number()
      .int()
      .min(5, 'must be at least 5')
      .max(240, 'must be at most 240')
      .nullish()
      .transform((step) => step ?? 15),
  })
  .refine((window) => window.to > window.from, { path: ['to'], message: 'must be after from' })
  .refine((window) => window.to.getTime() - window.from.getTime() <= MAX_DAYS * 86_400_000, {
    path: ['to'],
    message: `must be at most ${MAX_DAYS} days after from`,
  });
