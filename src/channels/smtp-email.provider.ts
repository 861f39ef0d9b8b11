import nodemailer, { type Transporter } from 'nodemailer';
import { ChannelError, type EmailMessage, type EmailProvider } from './channels';

export interface SmtpOptions {
  /** smtp://user:pass@host:port or smtps://...; credentials stay inside the URL, never logged. */
  url: string;
  /** The From header, e.g. `Nightline <pager@example.com>`. */
  from: string;
  /** Per-connection timeout, kept under the activity's own timeout. */
  timeoutMs?: number;
}

/** SMTP reply codes 5xx (mailbox unknown, rejected) cannot be fixed by retrying; 4xx and I/O errors can. */
function classify(err: unknown): 'permanent' | 'transient' {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 ? 'permanent' : 'transient';
}

/** Email through any SMTP server (Mailpit in dev and tests) with nodemailer. */
export class SmtpEmailProvider implements EmailProvider {
  private readonly transport: Transporter;

  constructor(private readonly opts: SmtpOptions) {
    const timeout = opts.timeoutMs ?? 8_000;
    const u = new URL(opts.url);
    const secure = u.protocol === 'smtps:';
    this.transport = nodemailer.createTransport({
      host: u.hostname,
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(msg: EmailMessage): Promise<{ providerId: string }> {
    try {
      const info = await this.transport.sendMail({ from: this.opts.from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html });
      return { providerId: String(info.messageId) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ChannelError('email', classify(err), `email to ${msg.to} failed: ${message}`, { cause: err });
    }
  }

  close(): void {
    this.transport.close();
  }
}
