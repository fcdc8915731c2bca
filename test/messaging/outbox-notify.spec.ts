import { AppConfig } from '@app/config';
import { countUnsent, OutboxRelay } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, testConfig } from '@app/testing';
import { outbox } from '@apps/identity/src/database/identity.schema';
import { createTestPublisher, TestPublisher } from './publisher';

/**
 * The relay hears each commit (LISTEN on the outbox's channel, NOTIFY from
 * enqueueEvents) and publishes at once, not at its next poll; it listens
 * again after losing that connection. Real PostgreSQL and RabbitMQ; every
 * relay here polls only every 100 s, so only a notification can publish
 * within HEARD_WITHIN_MS: a bound generous for a busy machine (the relay
 * takes milliseconds when idle), yet far from the next poll.
 */
const HEARD_WITHIN_MS = 30_000;

describe('outbox relay: published on the commit’s notification', () => {
  let config: AppConfig;
  let publisher: TestPublisher;
  const relays: OutboxRelay[] = [];

  const relay = (notifications: boolean) => {
    const made = new OutboxRelay(publisher.database.db, outbox, publisher.amqp, {
      exchangePrefix: config.AMQP_PREFIX,
      pollMs: 100_000,
      logger: new LogCapture().logger('relay'),
      ...(notifications ? { notifications: publisher.database.pool } : {}),
    });
    relays.push(made);
    return made;
  };
  const unsent = () => countUnsent(publisher.database.db, outbox);

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    publisher = await createTestPublisher(config, new LogCapture().logger('identity'));
    // Nothing is left from the migrations' or the set-up's own work.
    await publisher.relay.drain();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((made) => made.stop()));
    await publisher.relay.drain();
  });

  afterAll(async () => {
    await publisher?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('without listening, a committed event waits for the next poll', async () => {
    const polling = relay(false);
    polling.start();
    // The start drains what is there; what commits afterwards waits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publisher.enqueue(2, 'polled');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(polling.listening).toBe(false);
    expect(await unsent()).toBe(2);
  });

  it('publishes a committed event within moments of its commit', async () => {
    const listening = relay(true);
    listening.start();
    await eventually(async () => listening.listening);
    const started = Date.now();
    await publisher.enqueue(3, 'heard');
    await eventually(async () => (await unsent()) === 0, HEARD_WITHIN_MS, 10);
    expect(Date.now() - started).toBeLessThan(HEARD_WITHIN_MS);
  });

  it('listens again after its connection is cut, and publishes on the next commit', async () => {
    const listening = relay(true);
    listening.start();
    await eventually(async () => listening.listening);
    const cut = await publisher.database.pool.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE '%-outbox'`,
    );
    expect(cut.rows[0].n).toBe(1);
    await eventually(async () => !listening.listening, HEARD_WITHIN_MS, 10);
    await eventually(async () => listening.listening, HEARD_WITHIN_MS, 50);
    await publisher.enqueue(2, 'after the cut');
    await eventually(async () => (await unsent()) === 0, HEARD_WITHIN_MS, 10);
  });
});
