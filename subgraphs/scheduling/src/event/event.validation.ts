import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { reminderOffsets } from '../reminder/reminder.validation.ts';
import { timeZoneSchema } from '../time/time.validation.ts';

// The DateTime scalar has already parsed these into Dates.
const instant = z.date({ error: 'must be an ISO-8601 date-time' });
const title = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const nullableText = (max: number) =>
  text(max)
    .nullish()
    .transform((value) => value || null);
/** Update fields: omitted stays, null or blank clears. */
const changedText = (max: number) =>
  text(max)
    .nullish()
    .transform((value) => (value === undefined ? undefined : value || null));
const capacity = z.number().int().min(1, 'must be at least 1').max(100_000, 'must be at most 100000');
const url = text(500).regex(/^https?:\/\/\S+$/, 'must be an http(s) URL');
const recurrence = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
const exceptionDates = z.array(instant).max(1000, 'must have at most 1000 dates');

/** Field limits of a new event. That it ends after it starts, and its RRULE, are event rules: EventService checks them. */
export const createEventInput = z.object({
  title,
  description: nullableText(5000),
  startsAt: instant,
  endsAt: instant,
  timeZone: timeZoneSchema.nullish().transform((zone) => zone ?? 'UTC'),
  allDay: z
    .boolean()
    .nullish()
    .transform((flag) => flag ?? false),
  hostId: idSchema.nullish(),
  calendarId: idSchema.nullish().transform((id) => id ?? null),
  capacity: capacity.nullish().transform((n) => n ?? null),
  location: nullableText(300),
  meetingUrl: url.nullish().transform((link) => link ?? null),
  category: nullableText(50),
  recurrence: recurrence.nullish().transform((rule) => rule ?? null),
  exceptionDates: exceptionDates.nullish().transform((dates) => dates ?? []),
  reminderOffsetsMinutes: reminderOffsets.nullish().transform((offsets) => offsets ?? []),
  productId: idSchema.nullish().transform((id) => id ?? null),
});

const editScopeSchema = z.enum(['ALL', 'THIS', 'THIS_AND_FOLLOWING']);

/** Changes to an event: omitted fields stay; null or blank clears an optional one. */
export const updateEventInput = z.object({
  title: title.nullish().transform((value) => value ?? undefined),
  description: changedText(5000),
  startsAt: instant.nullish().transform((value) => value ?? undefined),
  endsAt: instant.nullish().transform((value) => value ?? undefined),
  timeZone: timeZoneSchema.nullish().transform((zone) => zone ?? undefined),
  capacity: capacity.nullish(),
  location: changedText(300),
  meetingUrl: url.nullish(),
  category: changedText(50),
  recurrence: recurrence.nullish(),
  exceptionDates: exceptionDates.nullish().transform((dates) => dates ?? undefined),
  reminderOffsetsMinutes: reminderOffsets.nullish().transform((offsets) => offsets ?? undefined),
  /** Omitted stays; null makes the event free. */
  productId: idSchema.nullish(),
});

/** Which occurrences of a series an edit or cancellation applies to; THIS and THIS_AND_FOLLOWING name one. */
export const occurrenceScopeArgs = z
  .object({
    scope: editScopeSchema.nullish().transform((scope) => scope ?? 'ALL'),
    occurrenceStartsAt: instant.nullish().transform((value) => value ?? null),
  })
  .refine((args) => args.scope === 'ALL' || args.occurrenceStartsAt, {
    path: ['occurrenceStartsAt'],
    message: 'is required for THIS and THIS_AND_FOLLOWING (the original start of the occurrence)',
  });

export const eventWindowArgs = z
  .object({ from: instant.nullish(), to: instant.nullish() })
  .refine((window) => !window.from || !window.to || window.to > window.from, { path: ['to'], message: 'must be after from' });

/** An occurrence query covers at most 366 days: expanding never-ending series needs a bound. */
export const occurrenceWindowArgs = z
  .object({ from: instant, to: instant, calendarId: idSchema.nullish() })
  .refine((window) => window.to > window.from, { path: ['to'], message: 'must be after from' })
  .refine((window) => window.to.getTime() - window.from.getTime() <= 366 * 86_400_000, {
    path: ['to'],
    message: 'must be at most 366 days after from',
  });
