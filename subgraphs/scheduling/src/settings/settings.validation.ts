import { z } from 'zod';
import { timeZoneSchema, weeklyHoursSchema } from '../time/time.validation.ts';

const weekdaySchema = z.number().int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)');

/** Omitted (or null) fields stay as they are. */
export const updateCalendarSettingsInput = z.object({
  defaultTimeZone: timeZoneSchema.nullish().transform((zone) => zone ?? undefined),
  weekStart: weekdaySchema.nullish().transform((day) => day ?? undefined),
  workingHours: weeklyHoursSchema.nullish().transform((hours) => hours ?? undefined),
});
