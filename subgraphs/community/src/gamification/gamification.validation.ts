import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const pointActionSchema = z.enum(['POST_CREATED', 'COMMENT_CREATED', 'REACTION_RECEIVED', 'LESSON_COMPLETED']);

const POINTS_MAX = 1_000;

export const setPointRuleInput = z.object({
  action: pointActionSchema,
  points: z.number().int().min(0, 'must be at least 0').max(POINTS_MAX, `must be at most ${POINTS_MAX}`),
});

const LEVELS_MAX = 20;

const levelInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters'),
  threshold: z.number().int().min(0, 'must be at least 0').max(10_000_000, 'must be at most 10000000'),
  color: z
    .string()
    .regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour like #3B82F6')
    .transform((color) => color.toUpperCase()),
});

/** Levels in order: the first starts at 0, thresholds strictly ascending. Numbered 1, 2, 3… */
export const setLevelsInput = z.object({
  levels: z
    .array(levelInput)
    .min(1, 'must have at least 1 level')
    .max(LEVELS_MAX, `must have at most ${LEVELS_MAX} levels`)
    .superRefine((levels, ctx) => {
      if (levels[0] && levels[0].threshold !== 0)
        ctx.addIssue({ code: 'custom', path: [0, 'threshold'], message: 'the first level must start at 0' });
      levels.forEach((level, index) => {
        if (index > 0 && level.threshold <= levels[index - 1]!.threshold) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'threshold'],
            message: `must be greater than the previous level's ${levels[index - 1]!.threshold}`,
          });
        }
      });
    }),
});

export const leaderboardArgs = z.object({
  period: z
    .enum(['WEEK', 'MONTH', 'ALL_TIME'])
    .nullish()
    .transform((period) => period ?? 'ALL_TIME'),
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((first) => first ?? 10),
});

export const pointEntriesArgs = z.object({ userId: idSchema.nullish() });
