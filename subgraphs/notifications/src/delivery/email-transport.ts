import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
 * The transport without an SMTP server: writes each email as `<id>.eml` (RFC 822, as an SMTP
 * server would receive it) and `<id>.json` (the fields, for tests and tools) into a local folder.
 */
export class MailboxEmailTransport implements EmailTransport {
  readonly dir: string;
  private readonly from: string;
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(options: { dir: string; from: string }) {
    this.dir = options.dir;
    this.from = options.from;
  }

  async send(message: EmailMessage): Promise<void> {
    const mail = toMail(message, this.from);
    const info = await this.composer.sendMail(mail);
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${message.id}.eml`), info.message);
    await writeFile(join(this.dir, `${message.id}.json`), `${JSON.stringify({ ...mail, writtenAt: new Date().toISOString() }, null, 2)}\n`);
  }
}

/** Sends through an SMTP server, e.g. `smtps://user:pass@smtp.example.com:465`. */
export class SmtpEmailTransport implements EmailTransport {
  private readonly transporter: Transporter;
  private readonly from: string;

  constructor(options: { url: string; from: string }) {
    this.transporter = nodemailer.createTransport(options.url);
    this.from = options.from;
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transporter.sendMail(toMail(message, this.from));
  }
}
