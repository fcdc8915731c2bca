import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { traceLogFields } from '@app/observability';
import { currentContext } from './message-context';

/**
 * JSON logs, one object a line, each stamped with the service name and the
 * request ID of the message being handled, so one request can be followed
 * through every service it reached — and, when tracing is on, the `traceId`
 * and `spanId` of the active span.
 */
export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const context = currentContext();
        const traced = traceLogFields();
        return context ? { requestId: context.actor.requestId, ...traced } : traced;
      },
      // Belt and braces: fields that may ever carry a secret are never written.
      redact: {
        paths: [
          'password',
          '*.password',
          'pin',
          '*.pin',
          'signingPassword',
          '*.signingPassword',
          'privateKey',
          '*.privateKey',
          'headers.cookie',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** Routes Nest's own log calls into the service's pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, stringify(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, stringify(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, stringify(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, stringify(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  if (typeof message === 'string') {
    return message;
  }
  if (message instanceof Error) {
    return message.message;
  }
  return JSON.stringify(message);
}
