import { z } from 'zod';
import { notificationTypeNames } from '../notification/notification-types.ts';
import { templateProblem } from './template-renderer.ts';

export const notificationTypeSchema = z.enum(notificationTypeNames, {
  error: (issue) => `must be one of ${notificationTypeNames.join(', ')}; got ${JSON.stringify(issue.input)}`,
});

const templateText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((source, context) => {
      const problem = templateProblem(source);
      if (problem) context.addIssue({ code: 'custom', message: `is not a valid template: ${problem}` });
    });

export const setTemplateInput = z.object({
  type: notificationTypeSchema,
  title: templateText(200),
  body: templateText(4000),
});

export const clearTemplateArgs = z.object({ type: notificationTypeSchema });
