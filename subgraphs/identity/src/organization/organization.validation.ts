import { z } from 'zod';

const slugSchema = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(48, 'must be at most 48 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens');

export const createOrganizationInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  slug: slugSchema.nullish(),
  plan: z
    .enum(['FREE', 'PRO', 'ENTERPRISE'])
    .nullish()
    .transform((plan) => plan ?? 'FREE'),
});
