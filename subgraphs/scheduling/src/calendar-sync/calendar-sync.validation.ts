import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

/** Most connections one organization may have. */
export const MAX_CONNECTIONS = 100;

const providerSchema = z.enum(['GOOGLE', 'OUTLOOK', 'APPLE', 'ICS_URL']);
const targetTypeSchema = z.enum(['CALENDAR', 'RESOURCE', 'USER']);
const optionalName = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => value ?? null);
const secret = (min: number, max: number) =>
  z
    .string()
    .min(min, `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => value ?? null);

/** An http(s) URL; webcal:// (how calendar apps advertise feeds) is read as https://. */
const httpUrl = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .transform((text, context) => {
    let url: URL;
    try {
      url = new URL(text.replace(/^webcals?:\/\//i, 'https://'));
    } catch {
      context.addIssue({ code: 'custom', message: `must be an absolute http or https URL, not "${text}"` });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      context.addIssue({ code: 'custom', message: `must be an http or https URL (got scheme ${url.protocol})` });
      return z.NEVER;
    }
    if (url.username || url.password) {
      context.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
      return z.NEVER;
    }
    return url.toString();
  });

/** What connect and update may set besides the provider and target; null or omitted: not set. */
const settingsShape = {
  externalCalendarId: optionalName(500),
  externalCalendarName: optionalName(200),
  feedUrl: httpUrl.nullish().transform((value) => value ?? null),
  accessToken: secret(1, 4096),
  refreshToken: secret(1, 4096),
  tokenExpiresAt: z
    .date({ error: 'must be an ISO-8601 date-time' })
    .nullish()
    .transform((value) => value ?? null),
  webhookUrl: httpUrl.nullish().transform((value) => value ?? null),
  webhookChannelId: optionalName(200),
  // Google's channel token allows 256 characters.
  webhookSecret: secret(16, 256),
};

export const connectExternalCalendarInput = z.object({
  provider: providerSchema,
  targetType: targetTypeSchema,
  targetId: idSchema,
  syncEnabled: z
    .boolean()
    .nullish()
    .transform((value) => value ?? true),
  ...settingsShape,
});

export const updateExternalCalendarInput = z.object(settingsShape);

export const connectionFilterArgs = z.object({
  targetType: targetTypeSchema.nullish(),
  targetId: idSchema.nullish(),
});

export const busyWindowArgs = z
  .object({ from: z.date({ error: 'must be an ISO-8601 date-time' }), to: z.date({ error: 'must be an ISO-8601 date-time' }) })
  .refine((window) => window.to > window.from, { path: ['to'], message: 'must be after from' });

type Settings = z.output<typeof updateExternalCalendarInput>;

/**
 * The first setting a provider does not take, as the field and why: an ICS feed has a URL and
 * nothing else; Google and Outlook have OAuth tokens and webhooks instead; Apple (CalDAV) is
 * reached through a URL-less account.
 */
export function providerSettingsViolation(
  provider: z.output<typeof providerSchema>,
  settings: Settings,
  creating: boolean,
): { field: string; message: string } | null {
  const oauth = ['accessToken', 'refreshToken', 'tokenExpiresAt', 'webhookUrl', 'webhookChannelId', 'webhookSecret'] as const;
  if (provider === 'ICS_URL') {
    if (creating && !settings.feedUrl) return { field: 'feedUrl', message: 'is required for an ICS_URL connection' };
    const extra = oauth.find((field) => settings[field] !== null);
    if (extra)
      return { field: extra, message: 'is not a setting of ICS_URL connections (a feed URL is polled; it has no OAuth or webhooks)' };
    return null;
  }
  if (settings.feedUrl !== null) return { field: 'feedUrl', message: `is only for ICS_URL connections, not ${provider}` };
  if (provider === 'APPLE') {
    const extra = (['webhookUrl', 'webhookChannelId', 'webhookSecret'] as const).find((field) => settings[field] !== null);
    if (extra) return { field: extra, message: 'is not a setting of APPLE connections (CalDAV has no push notifications here)' };
  }
  if (settings.webhookChannelId !== null && settings.webhookSecret === null && creating)
    return { field: 'webhookSecret', message: 'is required with webhookChannelId: notifications are verified by it' };
  return null;
}
