import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** Limits of the files sent with one request: their bytes are kept in the database. */
const ATTACHMENT_LIMITS = {
  count: 5,
  bytes: 1_048_576,
  totalBytes: 2_097_152,
  contentTypes: ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'text/plain', 'text/csv'],
} as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => value || null);

// GraphQL's DateTime scalar hands over Dates; a webhook's JSON body has ISO-8601 strings.
const instant = z.union(
  [z.date(), z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }).transform((at) => new Date(at))],
  {
    error: 'must be an ISO-8601 date-time',
  },
);

export const sourceKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1–63 lowercase letters, digits and dashes, starting with a letter or digit');

const attachmentInput = z.object({
  fileName: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  contentType: z.enum(ATTACHMENT_LIMITS.contentTypes, `must be one of ${ATTACHMENT_LIMITS.contentTypes.join(', ')}`),
  contentBase64: z
    .base64('must be base64')
    .transform((encoded) => new Uint8Array(Buffer.from(encoded, 'base64')))
    .refine((bytes) => bytes.byteLength > 0, 'must not be empty')
    .refine((bytes) => bytes.byteLength <= ATTACHMENT_LIMITS.bytes, `must be at most ${ATTACHMENT_LIMITS.bytes} bytes`),
});

/** A request as an integration sends it, by API or webhook (the webhook's source is in its URL). */
export const externalRequestBody = z
  .object({
    externalId: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    type: z.enum(['BOOKING', 'INQUIRY', 'COMPLAINT', 'SUGGESTION'], 'must be BOOKING, INQUIRY, COMPLAINT or SUGGESTION'),
    priority: z
      .enum(['LOW', 'NORMAL', 'HIGH', 'URGENT'], 'must be LOW, NORMAL, HIGH or URGENT')
      .nullish()
      .transform((priority) => priority ?? 'NORMAL'),
    contactName: text(200),
    contactEmail: z
      .email('must be an email address')
      .max(320, 'must be at most 320 characters')
      .nullish()
      .transform((email) => email ?? null),
    subject: text(300),
    message: text(10_000),
    payload: z
      .record(z.string(), z.unknown(), 'must be a JSON object')
      .nullish()
      .transform((payload) => payload ?? {})
      .refine((payload) => JSON.stringify(payload).length <= 20_000, 'must be at most 20000 characters as JSON'),
    requestedResourceId: idSchema.nullish().transform((id) => id ?? null),
    requestedStartsAt: instant.nullish().transform((at) => at ?? null),
    requestedEndsAt: instant.nullish().transform((at) => at ?? null),
    attachments: z
      .array(attachmentInput)
      .max(ATTACHMENT_LIMITS.count, `must be at most ${ATTACHMENT_LIMITS.count} files`)
      .nullish()
      .transform((files) => files ?? [])
      .refine(
        (files) => files.reduce((total, file) => total + file.contentBase64.byteLength, 0) <= ATTACHMENT_LIMITS.totalBytes,
        `must be at most ${ATTACHMENT_LIMITS.totalBytes} bytes together`,
      ),
  })
  .superRefine((request, context) => {
    const booking = request.type === 'BOOKING';
    for (const field of ['requestedResourceId', 'requestedStartsAt', 'requestedEndsAt'] as const) {
      if (booking && request[field] === null)
        context.addIssue({ code: 'custom', path: [field], message: 'is required for a BOOKING request' });
      if (!booking && request[field] !== null) context.addIssue({ code: 'custom', path: [field], message: 'is only for BOOKING requests' });
    }
    if (request.requestedStartsAt && request.requestedEndsAt && request.requestedEndsAt <= request.requestedStartsAt)
      context.addIssue({ code: 'custom', path: ['requestedEndsAt'], message: 'must be after requestedStartsAt' });
  });

export const submitExternalRequestInput = z.object({ source: sourceKeySchema }).and(externalRequestBody);

export const externalRequestFilterArgs = z.object({
  status: z.enum(['PENDING', 'PROCESSING', 'APPROVED', 'REJECTED', 'CANCELLED']).nullish(),
  type: z.enum(['BOOKING', 'INQUIRY', 'COMPLAINT', 'SUGGESTION']).nullish(),
  source: sourceKeySchema.nullish(),
});

export const assigneeSchema = idSchema.nullable();

export const updateExternalRequestStatusInput = z.object({
  status: z.enum(['PROCESSING', 'APPROVED', 'REJECTED', 'CANCELLED'], 'must be PROCESSING, APPROVED, REJECTED or CANCELLED'),
  processingNotes: text(5000),
});

export const createExternalRequestSourceInput = z.object({
  key: sourceKeySchema,
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});
