import { z } from 'zod';

export const addLessonInput = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  position: z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000').nullish(),
  durationMinutes: z.number().int().min(1, 'must be at least 1').max(1440, 'must be at most 1440'),
});
