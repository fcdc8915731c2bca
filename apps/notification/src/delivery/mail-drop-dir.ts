import path from 'node:path';
import { AppConfig } from '@app/config';
import { repoRoot } from '@app/db';

/** The folder .eml files go to when no SMTP_URL is set; a relative MAIL_DROP_DIR starts at the repository root. */
export function mailDropDir(config: Pick<AppConfig, 'MAIL_DROP_DIR'>): string {
  return path.resolve(repoRoot(), config.MAIL_DROP_DIR);
}

/** Where mail goes, as `npm start` and the notification service print it (never with credentials). */
export function describeMailDestination(config: Pick<AppConfig, 'SMTP_URL' | 'MAIL_DROP_DIR'>): string {
  if (config.SMTP_URL) {
    const url = new URL(config.SMTP_URL);
    return `SMTP ${url.protocol}//${url.host}`;
  }
  return `.eml files in ${mailDropDir(config)}`;
}
