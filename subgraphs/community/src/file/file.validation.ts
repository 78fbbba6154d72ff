import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** Limits of uploads: the one source of truth, quoted in the SDL descriptions. */
const FILE_LIMITS = {
  /** 1 MiB: its base64 (about 1.4 MB) fits the gateway's 2 MB request limit. */
  maxBytes: 1_048_576,
  nameMax: 200,
  mimeTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/markdown'],
} as const;

const MAX_BASE64_LENGTH = Math.ceil(FILE_LIMITS.maxBytes / 3) * 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Leading bytes of the binary types: a PNG must look like a PNG, whatever the client claims. */
const SIGNATURES: Partial<Record<(typeof FILE_LIMITS.mimeTypes)[number], (bytes: Buffer) => boolean>> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

export const uploadFileInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(FILE_LIMITS.nameMax, `must be at most ${FILE_LIMITS.nameMax} characters`)
      // eslint-disable-next-line no-control-regex
      .refine((name) => !/[/\\\u0000-\u001f]/.test(name), 'must not contain slashes or control characters'),
    mimeType: z.enum(FILE_LIMITS.mimeTypes, { message: `must be one of ${FILE_LIMITS.mimeTypes.join(', ')}` }),
    contentBase64: z
      .string()
      .max(MAX_BASE64_LENGTH, `must be at most ${FILE_LIMITS.maxBytes} bytes (${MAX_BASE64_LENGTH} base64 characters)`)
      .regex(BASE64, 'must be base64 (A-Z a-z 0-9 + /, = padding)')
      .refine((value) => value.length % 4 === 0, 'must be base64 with padding (a multiple of 4 characters)'),
  })
  .transform((input, ctx) => {
    const bytes = Buffer.from(input.contentBase64, 'base64');
    if (bytes.length === 0) ctx.addIssue({ code: 'custom', path: ['contentBase64'], message: 'must not be empty' });
    if (bytes.length > FILE_LIMITS.maxBytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['contentBase64'],
        message: `must be at most ${FILE_LIMITS.maxBytes} bytes, got ${bytes.length}`,
      });
    }
    const matches = SIGNATURES[input.mimeType];
    if (bytes.length > 0 && matches && !matches(bytes)) {
      ctx.addIssue({ code: 'custom', path: ['contentBase64'], message: `is not ${input.mimeType} content` });
    }
    return { name: input.name, mimeType: input.mimeType, bytes };
  });

export const attachFilesToPostInput = z.object({
  postId: idSchema,
  fileIds: z.array(idSchema).min(1, 'must list at least one file').max(10, 'must list at most 10 files'),
});
