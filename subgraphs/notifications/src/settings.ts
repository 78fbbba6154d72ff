import { join } from 'node:path';
import { dataSettings } from '@plaza/config';
import { dataDirOf } from '@plaza/db';
import { z } from 'zod';

/**
 * The environment variables only notifications reads, parsed when it starts (a bad value stops
 * the start, naming the variable). The root README's configuration table lists them.
 */
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
  /** The data folder, for the default mailbox (see @plaza/config). */
  ...dataSettings.pick({ PLAZA_DATA_DIR: true }).shape,
});

export type NotificationsSettings = z.output<typeof notificationsSettings>;

/** The mailbox folder: PLAZA_MAILBOX_DIR, else `mailbox` in the data folder. */
export const mailboxDirOf = (settings: Pick<NotificationsSettings, 'PLAZA_MAILBOX_DIR' | 'PLAZA_DATA_DIR'>) =>
  settings.PLAZA_MAILBOX_DIR ?? join(dataDirOf(settings), 'mailbox');
