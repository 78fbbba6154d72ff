import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

// The DateTime scalar has already parsed these into Dates.
const instant = z.date({ error: 'must be an ISO-8601 date-time' });

/** Field limits of a new event. That it ends after it starts is an event rule: EventService checks it. */
export const createEventInput = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z
    .string()
    .trim()
    .max(5000, 'must be at most 5000 characters')
    .nullish()
    .transform((text) => text || null),
  startsAt: instant,
  endsAt: instant,
  hostId: idSchema.nullish(),
  capacity: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .nullish()
    .transform((n) => n ?? null),
  location: z
    .string()
    .trim()
    .max(300, 'must be at most 300 characters')
    .nullish()
    .transform((text) => text || null),
});

export const eventWindowArgs = z
  .object({ from: instant.nullish(), to: instant.nullish() })
  .refine((window) => !window.from || !window.to || window.to > window.from, { path: ['to'], message: 'must be after from' });
