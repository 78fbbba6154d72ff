import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

// The DateTime scalar has already parsed these into Dates.
const instant = z.date({ error: 'must be an ISO-8601 date-time' });
const note = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .nullish()
  .transform((text) => text || null);

export const bookResourceInput = z.object({
  resourceId: idSchema,
  startsAt: instant,
  endsAt: instant,
  notes: note,
  source: z
    .enum(['WEB', 'API', 'MANUAL'], 'must be WEB, API or MANUAL (external sources are set by their integrations)')
    .nullish()
    .transform((source) => source ?? 'WEB'),
});

export const reasonSchema = note;

const bookingStatus = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED']);

export const bookingFilterArgs = z
  .object({
    resourceId: idSchema.nullish(),
    status: bookingStatus.nullish(),
    from: instant.nullish(),
    to: instant.nullish(),
  })
  .refine((window) => !window.from || !window.to || window.to > window.from, { path: ['to'], message: 'must be after from' });

export const resolveConflictInput = z.object({
  status: z.enum(['INVESTIGATING', 'RESOLVED', 'IGNORED'], 'must be INVESTIGATING, RESOLVED or IGNORED'),
  resolution: note,
});

export const conflictFilterArgs = z.object({ status: z.enum(['OPEN', 'INVESTIGATING', 'RESOLVED', 'IGNORED']).nullish() });

/** `User.bookings`' filter. */
export const userBookingArgs = z.object({ status: bookingStatus.nullish() });
