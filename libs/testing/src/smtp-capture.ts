import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** One message the capture server accepted, as received and as parsed. */
export interface CapturedMail {
  /** SMTP envelope: MAIL FROM and every RCPT TO. */
  envelope: { from: string; to: string[] };
  /** The message exactly as transmitted (headers and MIME body). */
  raw: Buffer;
  parsed: ParsedMail;
  subject: string;
  text: string;
  html: string;
  /** The Message-ID header, with angle brackets. */
  messageId: string;
}

/** A message the server refused on request (`failNext`). */
export interface RefusedMail {
  envelope: { from: string; to: string[] };
  code: number;
  messageId?: string;
}

interface PlannedFailure {
  remaining: number;
  code: number;
  text: string;
}

/**
 * A real SMTP server for tests, on 127.0.0.1 and a free port: it records
 * every message it accepts and can be told to refuse the next ones with a
 * 4xx or 5xx reply. No TLS and no authentication, so point a client at
 * `url` as it is.
 *
 *   const smtp = await SmtpCapture.start();
 *   const config = testConfig({ SMTP_URL: smtp.url });
 *   smtp.failNext(2, 451, 'try again later');
 *   const mail = await smtp.waitFor((m) => m.envelope.to.includes('a@example.com'));
 *   await smtp.close();
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  readonly refused: RefusedMail[] = [];
  private readonly planned: PlannedFailure[] = [];
  private port = 0;

  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 1_000, // close() ends idle pooled client connections quickly
    size: 10 * 1024 * 1024,
    onData: (stream, session, callback) => {
      this.receive(stream, session).then(
        (reply) => callback(null, reply),
        (error: Error) => callback(error),
      );
    },
  });

  private constructor() {}

  /** Listens on a free port, or on `port` (e.g. to come back where a closed capture server was). */
  static async start(options: { port?: number } = {}): Promise<SmtpCapture> {
    const capture = new SmtpCapture();
    await new Promise<void>((resolve, reject) => {
      capture.server.once('error', reject);
      capture.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    capture.port = (capture.server.server.address() as AddressInfo).port;
    return capture;
  }

  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answers the next `count` messages (at the end of DATA) with `code` (e.g. 451 or 550) instead of accepting them. */
  failNext(count: number, code: number, text = code >= 500 ? 'Requested action not taken' : 'Try again later'): void {
    if (code < 400 || code > 599) {
      throw new Error(`failNext needs a 4xx or 5xx code, not ${code}`);
    }
    if (count <= 0) {
      return;
    }
    this.planned.push({ remaining: count, code, text });
  }

  /** Resolves with the first accepted message that matches, waiting for it to arrive if needed. */
  async waitFor(predicate: (mail: CapturedMail) => boolean = () => true, timeoutMs = 10_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`no matching mail within ${timeoutMs} ms (${this.messages.length} received, ${this.refused.length} refused)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Accepted messages sent to `address` (any RCPT TO). */
  to(address: string): CapturedMail[] {
    return this.messages.filter((mail) => mail.envelope.to.includes(address.toLowerCase()));
  }

  /** Forgets what was received and any planned failures. */
  reset(): void {
    this.messages.length = 0;
    this.refused.length = 0;
    this.planned.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    const envelope = {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
      to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
    };
    const parsed = await simpleParser(raw);
    const failure = this.planned[0];
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) {
        this.planned.shift();
      }
      this.refused.push({ envelope, code: failure.code, messageId: parsed.messageId });
      throw Object.assign(new Error(failure.text), { responseCode: failure.code });
    }
    this.messages.push({
      envelope,
      raw,
      parsed,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId ?? '',
    });
    return `OK: queued as ${this.messages.length}`;
  }
}
