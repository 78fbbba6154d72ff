import { connectionArgsSchema, idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const ANNOUNCEMENT_TITLE_MAX = 200;
const ANNOUNCEMENT_BODY_MAX = 20_000;

const title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(ANNOUNCEMENT_TITLE_MAX, `must be at most ${ANNOUNCEMENT_TITLE_MAX} characters`);
// Markdown keeps its whitespace; only a blank body is refused.
const body = z
  .string()
  .max(ANNOUNCEMENT_BODY_MAX, `must be at most ${ANNOUNCEMENT_BODY_MAX} characters`)
  .refine((text) => text.trim().length > 0, 'must not be empty');
// The DateTime scalar has already parsed it into a Date.
const expiresAt = z.date({ error: 'must be an ISO-8601 date-time' }).refine((at) => at.getTime() > Date.now(), 'must be in the future');

export const createAnnouncementInput = z.object({
  title,
  body,
  pinned: z
    .boolean()
    .nullish()
    .transform((pinned) => pinned ?? false),
  expiresAt: expiresAt.nullish().transform((at) => at ?? null),
});

export const updateAnnouncementInput = z.object({
  id: idSchema,
  title: title.optional(),
  body: body.optional(),
  pinned: z
    .boolean()
    .nullish()
    .transform((pinned) => pinned ?? undefined),
  // Null clears the expiry; omitted leaves it.
  expiresAt: expiresAt.nullable().optional(),
});

export const announcementsArgs = connectionArgsSchema.extend({
  includeExpired: z
    .boolean()
    .nullish()
    .transform((include) => include ?? false),
});
