import { z } from 'zod';
import { emailSchema } from '../auth/auth.validation.ts';

export const inviteMemberInput = z.object({
  email: emailSchema,
  role: z
    .enum(['OWNER', 'ADMIN', 'MODERATOR', 'MEMBER', 'VIEWER'])
    .nullish()
    .transform((role) => role ?? 'MEMBER'),
  expiresInHours: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(720, 'must be at most 720')
    .nullish()
    .transform((hours) => hours ?? 168),
});

export const invitationTokenSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
