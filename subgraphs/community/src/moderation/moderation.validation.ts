import { connectionArgsSchema, idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** Limits of moderation input: the one source of truth, quoted in the SDL descriptions. */
const MODERATION_LIMITS = { reasonMax: 1_000, noteMax: 1_000 } as const;

const REPORT_SUBJECT_TYPES = ['POST', 'COMMENT', 'MESSAGE', 'USER'] as const;
const CONTENT_TYPES = ['POST', 'COMMENT', 'MESSAGE'] as const;
export type ModeratedContentType = (typeof CONTENT_TYPES)[number];

export const reportInput = z.object({
  subjectType: z.enum(REPORT_SUBJECT_TYPES),
  subjectId: idSchema,
  reason: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MODERATION_LIMITS.reasonMax, `must be at most ${MODERATION_LIMITS.reasonMax} characters`),
});

export const resolveReportInput = z.object({
  reportId: idSchema,
  status: z.enum(['RESOLVED', 'DISMISSED'], { message: 'must be RESOLVED or DISMISSED' }),
  note: z
    .string()
    .trim()
    .max(MODERATION_LIMITS.noteMax, `must be at most ${MODERATION_LIMITS.noteMax} characters`)
    .nullish()
    .transform((note) => note || null),
});

export const hideContentInput = z.object({
  subjectType: z.enum(CONTENT_TYPES),
  subjectId: idSchema,
  hidden: z
    .boolean()
    .nullish()
    .transform((hidden) => hidden ?? true),
});

export const deleteContentInput = z.object({ subjectType: z.enum(CONTENT_TYPES), subjectId: idSchema });

export const moderationQueueArgs = connectionArgsSchema.extend({
  status: z
    .enum(['OPEN', 'RESOLVED', 'DISMISSED'])
    .nullish()
    .transform((status) => status ?? 'OPEN'),
  subjectType: z.enum(REPORT_SUBJECT_TYPES).nullish(),
});
