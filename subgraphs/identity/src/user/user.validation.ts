import { z } from 'zod';
import { nameSchema } from '../auth/auth.validation.ts';

export const updateProfileInput = z.object({
  name: nameSchema.optional(),
  avatarUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048, 'must be at most 2048 characters')
    .nullish(),
  bio: z.string().trim().max(500, 'must be at most 500 characters').nullish(),
  visibility: z.enum(['PUBLIC', 'MEMBERS', 'PRIVATE']).optional(),
});
