import { connectionArgsSchema, idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** Limits of messages: the one source of truth, quoted in the SDL descriptions. */
const MESSAGE_LIMITS = { bodyMax: 4_000, filesMax: 10 } as const;

const body = z.string().max(MESSAGE_LIMITS.bodyMax, `must be at most ${MESSAGE_LIMITS.bodyMax} characters`);

export const sendMessageInput = z
  .object({
    conversationId: idSchema,
    body: body.nullish().transform((value) => value ?? ''),
    replyToId: idSchema.nullish(),
    fileIds: z
      .array(idSchema)
      .max(MESSAGE_LIMITS.filesMax, `must list at most ${MESSAGE_LIMITS.filesMax} files`)
      .nullish()
      .transform((ids) => [...new Set(ids ?? [])]),
  })
  // A message is text, files or both: only a message with neither is refused.
  .refine((input) => input.body.trim().length > 0 || input.fileIds.length > 0, {
    path: ['body'],
    message: 'must not be empty unless files are attached',
  });

export const editMessageInput = z.object({
  messageId: idSchema,
  body: body.refine((value) => value.trim().length > 0, 'must not be empty'),
});

export const messagesArgs = connectionArgsSchema;
