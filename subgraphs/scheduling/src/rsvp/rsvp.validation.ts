import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const instant = z.date({ error: 'must be an ISO-8601 date-time' });
const response = z.enum(['GOING', 'MAYBE', 'DECLINED']);

export const rsvpArgs = z.object({
  eventId: idSchema,
  occurrenceStartsAt: instant.nullish().transform((value) => value ?? null),
  response,
});

export const rsvpListArgs = z.object({
  eventId: idSchema,
  occurrenceStartsAt: instant.nullish().transform((value) => value ?? null),
  response: response.nullish(),
  waitlisted: z.boolean().nullish(),
});

/** `Event.attendees`' filter. */
export const attendeeArgs = z.object({
  occurrenceStartsAt: instant.nullish().transform((value) => value ?? null),
  response: response.nullish(),
});

export const recordAttendanceArgs = z.object({
  eventId: idSchema,
  occurrenceStartsAt: instant.nullish().transform((value) => value ?? null),
  userId: idSchema,
  attended: z.boolean(),
});
