import { z } from 'zod';

const SEARCH_QUERY_MAX = 200;

export const searchArgs = z.object({
  query: z.string().trim().min(1, 'must not be empty').max(SEARCH_QUERY_MAX, `must be at most ${SEARCH_QUERY_MAX} characters`),
});
