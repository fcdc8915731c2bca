import { AppConfig } from '@app/config';
import type { Backoff } from '@app/messaging';

/**
 * The backoff of retries of transient SMTP failures (retryDelayMs in @app/messaging) (4xx, lost connections), decided here
 * rather than left to the broker's redelivery:
 *
 * - The wait between attempts is an SMTP matter (a relay that is restarting
 *   needs seconds to minutes), so it has its own settings, independent of
 *   AMQP_DELIVERY_LIMIT, which bounds how often *any* handler failure is
 *   redelivered and whose backoff is capped at a few seconds.
 * - One broker delivery runs all attempts: the message stays unacknowledged
 *   meanwhile, so a crash hands it to another consumer, which continues from
 *   the attempt count stored in the delivery log.
 * - Every attempt, its reply and the next status are committed before the
 *   wait, so the log is right at every moment; after the last attempt the
 *   delivery is marked failed and the event is dead-lettered at once.
 *
 * MAIL_RETRY_ATTEMPTS counts every attempt, the first included. The config
 * bounds keep the longest total wait (9 × 2 min) under RabbitMQ's 30-minute
 * consumer timeout.
 */
export function mailBackoff(config: Pick<AppConfig, 'MAIL_RETRY_BASE_MS' | 'MAIL_RETRY_MAX_MS'>): Backoff {
  return { baseMs: config.MAIL_RETRY_BASE_MS, maxMs: config.MAIL_RETRY_MAX_MS };
}
