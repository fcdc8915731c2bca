import { createTransport, Transporter } from 'nodemailer';
import { MailTransport, nodemailerMessage, OutgoingMail, TransportReceipt } from './mail-transport';

export interface SmtpSettings {
  url: string;
  poolSize: number;
}

/**
 * A pooled SMTP transport: a few long-lived connections shared by every
 * delivery. Timeouts are bounded so a stuck server turns into a transient
 * failure (retried) instead of a handler that never returns.
 */
export class SmtpTransport implements MailTransport {
  private readonly transporter: Transporter<{ response: string }>;

  constructor(settings: SmtpSettings) {
    this.transporter = createTransport({
      pool: true,
      url: settings.url,
      maxConnections: settings.poolSize,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<TransportReceipt> {
    const info = await this.transporter.sendMail(nodemailerMessage(mail));
    return { response: info.response };
  }

  /** Connects, greets and (with credentials) logs in on a separate connection, then quits. */
  async check(): Promise<void> {
    await this.transporter.verify();
  }

  close(): void {
    this.transporter.close();
  }
}
