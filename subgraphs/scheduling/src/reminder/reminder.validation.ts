import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** The longest a reminder may come before its occurrence: one week. Also how far ahead the poller looks. */
export const MAX_REMINDER_OFFSET_MINUTES = 7 * 24 * 60;

/** Minutes before an occurrence's start; at most five, each from 1 minute to one week. */
export const reminderOffsets = z
  .array(
    z
      .number()
      .int('must be whole minutes')
      .min(1, 'must be at least 1 minute')
      .max(MAX_REMINDER_OFFSET_MINUTES, `must be at most ${MAX_REMINDER_OFFSET_MINUTES} minutes (one week)`),
  )
  .max(5, 'must have at most 5 offsets')
  .transform((offsets) => [...new Set(offsets)].sort((a, b) => b - a));

export const reminderPreferenceArgs = z.object({
  eventId: idSchema,
  offsetsMinutes: reminderOffsets.nullable(),
});
