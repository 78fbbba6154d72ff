import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { colorSchema, timeZoneSchema } from '../time/time.validation.ts';

const calendarName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const calendarOwnerTypeSchema = z.enum(['ORGANIZATION', 'USER', 'RESOURCE']);

export const createCalendarInput = z.object({
  name: calendarName,
  ownerType: z.enum(['ORGANIZATION', 'USER'], 'must be ORGANIZATION or USER (a RESOURCE calendar is created with its resource)'),
  ownerId: idSchema.nullish().transform((id) => id ?? null),
  timeZone: timeZoneSchema.nullish().transform((zone) => zone ?? null),
  color: colorSchema.nullish().transform((colour) => colour ?? '#3b82f6'),
});

/** Omitted (or null) fields stay as they are. */
export const updateCalendarInput = z.object({
  name: calendarName.nullish().transform((name) => name ?? undefined),
  timeZone: timeZoneSchema.nullish().transform((zone) => zone ?? undefined),
  color: colorSchema.nullish().transform((colour) => colour ?? undefined),
});

export const calendarFilterArgs = z.object({
  ownerType: calendarOwnerTypeSchema.nullish(),
  ownerId: idSchema.nullish(),
});
