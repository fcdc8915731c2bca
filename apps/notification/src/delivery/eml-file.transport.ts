import { constants } from 'node:fs';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { MailTransport, nodemailerMessage, OutgoingMail, TransportReceipt } from './mail-transport';

/**
 * Writes each mail as an .eml file (RFC 5322, CRLF line ends) instead of
 * sending it: for a machine without an SMTP server. The file is named after
 * the Message-ID, so a retried delivery rewrites its file rather than adding
 * a second one, and it appears whole (written aside, then renamed).
 * These files hold the mails as sent, secrets included: for development only.
 */
export class EmlFileTransport implements MailTransport {
  private readonly composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(private readonly directory: string) {}

  async send(mail: OutgoingMail): Promise<TransportReceipt> {
    const info = await this.composer.sendMail(nodemailerMessage(mail));
    const name = `${mail.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
    const target = path.join(this.directory, name);
    const partial = `${target}.partial`;
    const bytes = info.message as Buffer; // a Buffer, as `buffer: true` asks
    try {
      await writeFile(partial, bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
      // The folder is made on first use (or again, if someone removed it), not checked before every mail.
      await mkdir(this.directory, { recursive: true });
      await writeFile(partial, bytes);
    }
    await rename(partial, target);
    return { response: `written to ${target}` };
  }

  async check(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await access(this.directory, constants.W_OK);
  }

  close(): void {
    this.composer.close();
  }
}
