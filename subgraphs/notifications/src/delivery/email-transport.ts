import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer, { type Transporter } from 'nodemailer';

/** One email, already rendered. */
export interface EmailMessage {
  /** Unique per delivery: names the mailbox file and the Message-ID, so a retry overwrites rather than duplicates. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one email; rejects when it was not accepted, so the delivery is retried. */
export interface EmailTransport {
  send(message: EmailMessage): Promise<void>;
}

const REPO_MAILBOX_DIR = fileURLToPath(new URL('../../../../.data/mailbox', import.meta.url));
const DEFAULT_FROM = 'Plaza <notifications@plaza.localhost>';

function toMail(message: EmailMessage, from: string) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.id}@plaza.localhost>`,
  };
}

/**
 * The default transport: writes each email as `<id>.eml` (RFC 822, as an SMTP server would
 * receive it) and `<id>.json` (the fields, for tests and tools) into a local folder.
 */
export class MailboxEmailTransport implements EmailTransport {
  readonly dir: string;
  private readonly from: string;
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  /** `dir` defaults to PLAZA_MAILBOX_DIR, else `<repo>/.data/mailbox`; `from` to PLAZA_MAIL_FROM. */
  constructor(options: { dir?: string; from?: string } = {}) {
    this.dir = options.dir ?? process.env.PLAZA_MAILBOX_DIR ?? REPO_MAILBOX_DIR;
    this.from = options.from ?? process.env.PLAZA_MAIL_FROM ?? DEFAULT_FROM;
  }

  async send(message: EmailMessage): Promise<void> {
    const mail = toMail(message, this.from);
    const info = await this.composer.sendMail(mail);
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${message.id}.eml`), info.message as Buffer);
    await writeFile(join(this.dir, `${message.id}.json`), `${JSON.stringify({ ...mail, writtenAt: new Date().toISOString() }, null, 2)}\n`);
  }
}

/** Sends through an SMTP server, e.g. `smtps://user:pass@smtp.example.com:465`. */
export class SmtpEmailTransport implements EmailTransport {
  private readonly transporter: Transporter;
  private readonly from: string;

  constructor(url: string, options: { from?: string } = {}) {
    this.transporter = nodemailer.createTransport(url);
    this.from = options.from ?? process.env.PLAZA_MAIL_FROM ?? DEFAULT_FROM;
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transporter.sendMail(toMail(message, this.from));
  }
}

/** SMTP when SMTP_URL is set, else the local mailbox folder. */
export function emailTransportFromEnv(env: NodeJS.ProcessEnv = process.env): EmailTransport {
  return env.SMTP_URL ? new SmtpEmailTransport(env.SMTP_URL, { from: env.PLAZA_MAIL_FROM }) : new MailboxEmailTransport({ dir: env.PLAZA_MAILBOX_DIR });
}
