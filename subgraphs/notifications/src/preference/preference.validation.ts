import { z } from 'zod';
import { notificationTypeSchema } from '../template/template.validation.ts';

const settingInput = z.object({
  type: notificationTypeSchema,
  channel: z.enum(['IN_APP', 'EMAIL', 'PUSH']),
  enabled: z
    .boolean()
    .nullish()
    .transform((enabled) => enabled ?? null),
});

/** A batch of settings; one (type, channel) pair at most once, so the outcome never depends on order. */
export const settingsArgs = z.object({
  input: z
    .array(settingInput)
    .min(1, 'must contain at least one setting')
    .max(100, 'must contain at most 100 settings')
    .superRefine((settings, context) => {
      const seen = new Set<string>();
      settings.forEach((setting, index) => {
        const key = `${setting.type}/${setting.channel}`;
        if (seen.has(key)) context.addIssue({ code: 'custom', path: [index], message: `sets ${key} twice` });
        seen.add(key);
      });
    }),
});
