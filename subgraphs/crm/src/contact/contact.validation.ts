import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

export const contactStageSchema = z.enum(['LEAD', 'PROSPECT', 'CUSTOMER', 'CHURNED']);

const contactEmailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'))
  .transform((email) => email.toLowerCase());

export const createContactInput = z.object({
  email: contactEmailSchema,
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  phone: z
    .string()
    .trim()
    .max(40, 'must be at most 40 characters')
    .regex(/^\+?[0-9 ()\-.]+$/, 'must contain only digits, spaces and + ( ) - .')
    .nullish()
    .transform((phone) => phone || null),
  stage: contactStageSchema.nullish().transform((stage) => stage ?? 'LEAD'),
  ownerId: idSchema.nullish(),
  userId: idSchema.nullish(),
});

export const contactsArgs = z.object({ stage: contactStageSchema.nullish() });
