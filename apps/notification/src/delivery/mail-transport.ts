/**
 * Where composed mails go: an SMTP server (production, mailpit under
 * docker compose) or .eml files in a folder (a bare developer machine).
 * Both compose the MIME message with nodemailer, so what a developer opens
 * is byte for byte what SMTP would have carried.
 */
export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** The deterministic Message-ID, with angle brackets. */
  messageId: string;
  headers: Record<string, string>;
}

export interface TransportReceipt {
  /** The server's final reply (e.g. `250 OK queued as …`), or where the file was written. */
  response: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<TransportReceipt>;
  /** Resolves when mail can go out now (the SMTP server answers, the folder is writable); for /health. */
  check(): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('inkan.mail-transport');

/** nodemailer's message options for one outgoing mail: UTF-8 throughout, subject encoded as RFC 2047 words. */
export function nodemailerMessage(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.headers,
    textEncoding: 'base64' as const,
  };
}
