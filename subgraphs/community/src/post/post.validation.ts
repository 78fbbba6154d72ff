import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const POST_TITLE_MAX = 200;
const POST_BODY_MAX = 20_000;

const title = z.string().trim().min(1, 'must not be empty').max(POST_TITLE_MAX, `must be at most ${POST_TITLE_MAX} characters`);
// Markdown keeps its whitespace (indentation is meaningful); only a blank body is refused.
const body = z
  .string()
  .max(POST_BODY_MAX, `must be at most ${POST_BODY_MAX} characters`)
  .refine((value) => value.trim().length > 0, 'must not be empty');

export const createPostInput = z
  .object({
    spaceId: idSchema.nullish(),
    groupId: idSchema.nullish(),
    title,
    body,
  })
  .superRefine((input, ctx) => {
    if (!input.spaceId === !input.groupId) {
      ctx.addIssue({ code: 'custom', path: ['spaceId'], message: 'give exactly one of spaceId and groupId' });
    }
  });

export const updatePostInput = z.object({ id: idSchema, title: title.nullish(), body: body.nullish() }).superRefine((input, ctx) => {
  if ((input.title ?? null) === null && (input.body ?? null) === null)
    ctx.addIssue({ code: 'custom', path: ['title'], message: 'give a new title or body' });
});

export const pinPostInput = z.object({ id: idSchema, pinned: z.boolean() });
