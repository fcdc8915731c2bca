import { AppConfig } from '@app/config';
import { ServiceName } from '@app/contracts';
import { DatabaseHandle } from '@app/db';
import { cached, METRIC_PREFIX, PlatformMetrics } from '@app/observability';
import { AmqpConnection } from './amqp-connection';
import { outboxLag } from './outbox-lag';
import { OutboxTable } from './outbox.table';
import { deadLetterQueue } from './topology';

/** Scrapes reuse what they read for this long: a scrape every few seconds costs one query, not one per gauge. */
const SCRAPE_CACHE_MS = 2_000;

export interface MessagingMetricsSources {
  service: ServiceName;
  database: DatabaseHandle;
  outbox?: OutboxTable;
  amqp: AmqpConnection;
  config: Pick<AppConfig, 'AMQP_PREFIX'>;
}

/**
 * The gauges of a service's messaging, read on scrape: its outbox backlog and the age of the
 * oldest unsent event (the numbers health uses), and the depth of its dead-letter queue.
 */
export function collectMessagingMetrics(metrics: PlatformMetrics, sources: MessagingMetricsSources): void {
  const { outbox, database, amqp, service } = sources;
  if (outbox) {
    const lag = cached(() => outboxLag(database.db, outbox), SCRAPE_CACHE_MS);
    metrics.collectedGauge({
      name: `${METRIC_PREFIX}outbox_unsent`,
      help: 'Events committed to the outbox and not yet confirmed by the broker',
      read: async () => [{ value: (await lag()).unsent }],
    });
    metrics.collectedGauge({
      name: `${METRIC_PREFIX}outbox_oldest_unsent_seconds`,
      help: 'Age of the oldest unsent outbox event in seconds (0 when none)',
      read: async () => [{ value: (await lag()).oldestUnsentSeconds }],
    });
  }
  const queue = deadLetterQueue(sources.config.AMQP_PREFIX, service);
  metrics.collectedGauge({
    name: `${METRIC_PREFIX}dead_letter_messages`,
    help: 'Messages waiting in the service’s dead-letter queue (npm run dead-letters -- list)',
    labelNames: ['queue'],
    cacheMs: SCRAPE_CACHE_MS,
    read: async () => {
      if (!amqp.isConnected) {
        return []; // no number rather than a wrong 0 while the broker is away
      }
      const { messageCount } = await (await amqp.channel()).checkQueue(queue);
      return [{ labels: { queue }, value: messageCount }];
    },
  });
}
