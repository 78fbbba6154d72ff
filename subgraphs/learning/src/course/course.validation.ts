import { connectionArgsSchema, idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const courseStatusSchema = z.enum(['DRAFT', 'PUBLISHED', 'ARCHIVED']);

export const coursesArgs = connectionArgsSchema.extend({ status: courseStatusSchema.nullish() });

export const createCourseInput = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z
    .string()
    .trim()
    .max(5000, 'must be at most 5000 characters')
    .nullish()
    .transform((description) => description || null),
  instructorId: idSchema.nullish(),
});
