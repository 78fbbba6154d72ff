import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** Most VEVENTs one import takes. */
export const MAX_IMPORTED_EVENTS = 1000;

export const importCalendarArgs = z.object({
  calendarId: idSchema,
  ics: z.string().min(1, 'must not be empty').max(1_000_000, 'must be at most 1,000,000 characters'),
});

/** The file part of a feed URL: the token and `.ics`. */
export const feedFileSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/);
