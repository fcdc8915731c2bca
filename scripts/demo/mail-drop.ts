import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AddressObject, simpleParser } from 'mailparser';

interface ReadMail {
  file: string;
  writtenAt: number;
  to: string[];
  text: string;
}

export interface SecretQuery {
  /** The recipient's address. */
  to: string;
  /** Text the mail must contain besides the secret (a document number, a certificate serial). */
  mentions: string;
  /** The secret's label in the mail, in each language: `label: value`. */
  labels: readonly string[];
  /** What is awaited, for the error message. */
  what: string;
}

/**
 * The mails the platform wrote as .eml files (MAIL_DROP_DIR, when no SMTP_URL
 * is set), read as their addressee would read them. Only mails that arrived
 * after `open` count, so an earlier run's mails are never taken for this one's.
 */
export class MailDrop {
  private readonly parsed = new Map<string, ReadMail | null>();

  private constructor(
    readonly directory: string,
    private readonly before: ReadonlySet<string>,
  ) {}

  static async open(directory: string): Promise<MailDrop> {
    return new MailDrop(directory, new Set(await emlFiles(directory)));
  }

  /** Waits for the mail and returns the secret in it and the file it came from. */
  async waitForSecret(query: SecretQuery, timeoutMs = 60_000): Promise<{ secret: string; file: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const mail of await this.newMails()) {
        if (!mail.to.includes(query.to.toLowerCase()) || !mail.text.includes(query.mentions)) {
          continue;
        }
        for (const label of query.labels) {
          const secret = new RegExp(`${label}: (\\S+)`).exec(mail.text)?.[1];
          if (secret) {
            return { secret, file: mail.file };
          }
        }
      }
      if (Date.now() > deadline) {
        throw new Error(
          [
            `メールが届きません / no mail with the ${query.what} for ${query.to} (${query.mentions}) in ${this.directory} within ${timeoutMs / 1000} s.`,
            '  The demo reads the .eml files the notification service writes when SMTP_URL is not set: run the platform',
            '  without SMTP_URL, and give the demo the same MAIL_DROP_DIR (or --mail-dir).',
          ].join('\n'),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private async newMails(): Promise<ReadMail[]> {
    const mails: ReadMail[] = [];
    for (const file of await emlFiles(this.directory)) {
      if (this.before.has(file)) {
        continue;
      }
      if (!this.parsed.has(file)) {
        this.parsed.set(file, await readMail(path.join(this.directory, file)));
      }
      const mail = this.parsed.get(file);
      if (mail) {
        mails.push(mail);
      }
    }
    // Newest first: a re-issued secret replaces the one before it.
    return mails.sort((a, b) => b.writtenAt - a.writtenAt);
  }
}

async function emlFiles(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory)).filter((name) => name.endsWith('.eml')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}

async function readMail(file: string): Promise<ReadMail | null> {
  try {
    const { mtimeMs } = await stat(file);
    const mail = await simpleParser(await readFile(file));
    const to = ([] as AddressObject[])
      .concat(mail.to ?? [])
      .flatMap((group) => group.value)
      .map((address) => (address.address ?? '').toLowerCase());
    return { file: path.basename(file), writtenAt: mtimeMs, to, text: mail.text ?? '' };
  } catch {
    return null; // not a mail we can read; never the one awaited
  }
}
