import type { Logger } from 'pino';
import { AppConfig, databaseUrlFor } from '@app/config';
import { Events, systemActor } from '@app/contracts';
import { DatabaseHandle, openDatabase, runMigrations } from '@app/db';
import { AmqpConnection, declareTopology, enqueueEvent, OutboxRelay, topologyOf } from '@app/messaging';
import { outbox } from '@apps/identity/src/database/identity.schema';
import { identityMigrations } from '@apps/identity/src/identity.module';

/** The identity service's outbox and relay, as a publisher of test events. */
export interface TestPublisher {
  database: DatabaseHandle;
  amqp: AmqpConnection;
  relay: OutboxRelay;
  /** Commits `count` notification.requested events; returns their message IDs. */
  enqueue(count: number, label?: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function createTestPublisher(
  config: AppConfig,
  logger: Logger,
  amqpUrl = config.AMQP_URL,
  relayOptions: { confirmTimeoutMs?: number } = {},
): Promise<TestPublisher> {
  const database = openDatabase(databaseUrlFor(config, 'identity'));
  await runMigrations(database, identityMigrations);
  const amqp = new AmqpConnection(amqpUrl, {
    name: 'test-publisher',
    reconnectSeconds: config.AMQP_RECONNECT_SECONDS,
    logger,
    setup: (channel) => declareTopology(channel, topologyOf(config)),
  });
  const relay = new OutboxRelay(database.db, outbox, amqp, {
    exchangePrefix: config.AMQP_PREFIX,
    pollMs: 100_000,
    logger,
    ...relayOptions,
  });
  return {
    database,
    amqp,
    relay,
    enqueue: (count, label = 'event') =>
      database.db.transaction(async (tx) => {
        const ids: string[] = [];
        for (let index = 0; index < count; index += 1) {
          ids.push(
            await enqueueEvent(
              tx,
              outbox,
              Events.notificationRequested,
              {
                template: 'user-registered',
                to: { email: `user${index}@example.com`, name: label },
                params: { userId: `U${String(index).padStart(6, '0')}`, companyName: label },
              },
              systemActor(`${label}-${index}`),
            ),
          );
        }
        return ids;
      }),
    async close() {
      await relay.stop();
      await amqp.close();
      await database.close();
    },
  };
}

export { outbox as identityOutbox };
