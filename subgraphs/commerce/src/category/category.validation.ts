import { z } from 'zod';
import { slugSchema } from '../product/product.validation.ts';

export const createCategoryInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  slug: slugSchema.nullish(),
});
