import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { currencySchema, moneyInput } from '../money/money.validation.ts';
import { variantInput } from '../variant/variant.validation.ts';

const PRODUCT_TYPES = ['PHYSICAL', 'DIGITAL', 'MEMBERSHIP', 'EVENT_TICKET', 'COURSE_ACCESS'] as const;
const PRODUCT_STATUSES = ['DRAFT', 'ACTIVE', 'ARCHIVED'] as const;

const nameSchema = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const descriptionSchema = z.string().trim().max(2_000, 'must be at most 2000 characters');
export const slugSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens');
const imagesSchema = z
  .array(z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2_000, 'must be at most 2000 characters'))
  .max(10, 'must hold at most 10 images');
const categoryIdsSchema = z
  .array(idSchema)
  .max(20, 'must hold at most 20 categories')
  .transform((ids) => [...new Set(ids)]);

export const productFilter = z
  .object({
    query: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').nullish(),
    types: z.array(z.enum(PRODUCT_TYPES)).nullish(),
    statuses: z.array(z.enum(PRODUCT_STATUSES)).nullish(),
    categoryId: idSchema.nullish(),
    price: z
      .object({
        currency: currencySchema,
        min: z.number().int().min(0, 'must not be negative').nullish(),
        max: z.number().int().min(0, 'must not be negative').nullish(),
      })
      .refine((range) => typeof range.min !== 'number' || typeof range.max !== 'number' || range.min <= range.max, {
        error: (issue) => {
          const range = issue.input as { min: number; max: number };
          return `min ${range.min} must not be more than max ${range.max}`;
        },
      })
      .nullish(),
  })
  .nullish()
  .transform((filter) => filter ?? {});

export type ProductFilter = z.output<typeof productFilter>;

export const createProductInput = z
  .object({
    name: nameSchema,
    slug: slugSchema.nullish(),
    description: descriptionSchema.nullish().transform((description) => description || null),
    type: z
      .enum(PRODUCT_TYPES)
      .nullish()
      .transform((type) => type ?? 'PHYSICAL'),
    status: z
      .enum(PRODUCT_STATUSES)
      .nullish()
      .transform((status) => status ?? 'ACTIVE'),
    images: imagesSchema.nullish().transform((images) => images ?? []),
    categoryIds: categoryIdsSchema.nullish().transform((ids) => ids ?? []),
    price: moneyInput.nullish(),
    variants: z.array(variantInput).min(1, 'must hold at least one variant').max(50, 'must hold at most 50 variants').nullish(),
  })
  .refine((input) => !input.price !== !input.variants, { error: 'give either price or variants', path: ['price'] })
  .transform(({ price, variants, ...product }) => ({
    ...product,
    variants: variants ?? [{ title: 'Default', sku: null, options: [], prices: [{ ...price!, compareAtAmount: null, minQuantity: 1 }] }],
  }));

// `undefined` leaves a field as it is; only description may be cleared with null.
export const updateProductInput = z.object({
  name: nameSchema.nullish().transform((name) => name ?? undefined),
  slug: slugSchema.nullish().transform((slug) => slug ?? undefined),
  description: descriptionSchema.nullish().transform((description) => (description === undefined ? undefined : description || null)),
  type: z
    .enum(PRODUCT_TYPES)
    .nullish()
    .transform((type) => type ?? undefined),
  status: z
    .enum(PRODUCT_STATUSES)
    .nullish()
    .transform((status) => status ?? undefined),
  images: imagesSchema.nullish().transform((images) => images ?? undefined),
  categoryIds: categoryIdsSchema.nullish().transform((ids) => ids ?? undefined),
});

export const productPriceArgs = z.object({ currency: currencySchema.nullish() });
