import type { Logger } from 'pino';
import { createLogger } from '@app/messaging/logger';

export interface LogLine {
  level: string;
  service: string;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

/** Loggers that keep every JSON line in memory, so tests can read what a service logged. */
export class LogCapture {
  readonly raw: string[] = [];

  logger(service: string, level = 'info'): Logger {
    return createLogger(service, level, {
      write: (line: string) => {
        this.raw.push(line);
      },
    });
  }

  get lines(): LogLine[] {
    return this.raw.map((line) => JSON.parse(line) as LogLine);
  }

  text(): string {
    return this.raw.join('');
  }
}
