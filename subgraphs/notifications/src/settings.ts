import { join } from 'node:path';
import { dataSettings, runtimeSettings } from '@plaza/config';
import { dataDirOf } from '@plaza/db';
import { z } from 'zod';

/**
 * The environment variables only notifications reads, parsed when it starts (a bad value stops
 * the start, naming the variable). The root README's configuration table lists them.
 */
const base64urlKey = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url (npx web-push generate-vapid-keys)')
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `must be a ${bytes}-byte key, base64url`);

export const notificationsSettings = z.object({
  /** How often due email and push deliveries are sent, in milliseconds. Default 5 000. */
  PLAZA_DELIVERY_INTERVAL_MS: z.coerce.number().int('must be a whole number of milliseconds').positive('must be positive').default(5_000),
  /**
   * Send email through this SMTP server (a nodemailer URL, e.g. `smtps://user:pass@smtp.example.com:465`).
   * Default: unset, and each email is written to the mailbox folder instead.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** Where email goes without SMTP: `<deliveryId>.eml` + `.json` per message. Default `<PLAZA_DATA_DIR>/mailbox`. */
  PLAZA_MAILBOX_DIR: z.string().min(1).optional(),
  /** Sender of every email. Default `Plaza <notifications@plaza.localhost>`. */
  PLAZA_MAIL_FROM: z.string().min(1).default('Plaza <notifications@plaza.localhost>'),
  /**
   * The VAPID key pair (RFC 8292) push messages are signed with, base64url (`npx web-push
   * generate-vapid-keys`). Unset outside production: generated at first start into
   * `<PLAZA_DATA_DIR>/keys/vapid.json` (mode 0600) and kept. Unset in production: the start stops.
   */
  PLAZA_VAPID_PUBLIC_KEY: base64urlKey(65).optional(),
  PLAZA_VAPID_PRIVATE_KEY: base64urlKey(32).optional(),
  /** How push services can reach the sender: a mailto: or https: URL. Required in production. */
  PLAZA_VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:.+|https:\/\/.+)$/, 'must be a mailto: or https:// URL')
    .optional(),
  /**
   * Accept http:// push endpoints on 127.0.0.1/localhost (a local push server in tests). Default
   * false: browsers' endpoints are https, and Plaza should never post to other http addresses.
   */
  PLAZA_PUSH_ALLOW_INSECURE_ENDPOINTS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** The data folder, for the default mailbox and VAPID keys (see @plaza/config). */
  ...dataSettings.pick({ PLAZA_DATA_DIR: true }).shape,
  /** NODE_ENV=production requires the VAPID settings. */
  ...runtimeSettings.pick({ NODE_ENV: true }).shape,
});

export type NotificationsSettings = z.output<typeof notificationsSettings>;

/** The mailbox folder: PLAZA_MAILBOX_DIR, else `mailbox` in the data folder. */
export const mailboxDirOf = (settings: Pick<NotificationsSettings, 'PLAZA_MAILBOX_DIR' | 'PLAZA_DATA_DIR'>) =>
  settings.PLAZA_MAILBOX_DIR ?? join(dataDirOf(settings), 'mailbox');
