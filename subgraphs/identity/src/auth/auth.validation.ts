import { z } from 'zod';
import { idSchema } from '@plaza/subgraph-kit';

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'))
  .transform((email) => email.toLowerCase());

const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters');

export const nameSchema = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');

export const signUpInput = z.object({ email: emailSchema, password: passwordSchema, name: nameSchema });

// Sign-in checks no password rules: a rule change must not lock out existing accounts.
export const signInInput = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .transform((email) => email.toLowerCase()),
  password: z.string().max(200),
  organizationId: idSchema.nullish(),
});

export const refreshTokenSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
