import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** The largest file attached through GraphQL: its base64 must fit in a 2 MB request body. */
const MAX_FILE_BYTES = 1024 * 1024;

export const addDownloadFileInput = z.object({
  productId: idSchema,
  variantId: idSchema.nullish().transform((id) => id ?? null),
  fileName: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .refine((name) => !/[/\\\0]/.test(name), 'must not contain slashes'),
  contentType: z
    .string()
    .trim()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as application/pdf'),
  content: z
    .base64('must be base64')
    .transform((text) => Buffer.from(text, 'base64'))
    .refine((content) => content.length >= 1, 'must not be empty')
    .refine((content) => content.length <= MAX_FILE_BYTES, `must be at most ${MAX_FILE_BYTES} bytes`),
});

export const downloadStatsFilter = z
  .object({
    productId: idSchema.nullish(),
    from: z.date().nullish(),
    to: z.date().nullish(),
  })
  .refine(({ from, to }) => !from || !to || from < to, { message: 'must be after from', path: ['to'] });
