import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const COMMENT_BODY_MAX = 5_000;

// Markdown keeps its whitespace; only a blank body is refused.
const body = z
  .string()
  .max(COMMENT_BODY_MAX, `must be at most ${COMMENT_BODY_MAX} characters`)
  .refine((value) => value.trim().length > 0, 'must not be empty');

export const createCommentInput = z.object({
  postId: idSchema,
  /** The comment answered; a reply to a reply is attached to the top-level comment. */
  replyToId: idSchema.nullish(),
  body,
});

export const updateCommentInput = z.object({ id: idSchema, body });

/** How many of a post's newest comments a feed card may ask for. */
export const latestCommentsArgs = z.object({
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(20, 'must be at most 20')
    .nullish()
    .transform((value) => value ?? 3),
});
