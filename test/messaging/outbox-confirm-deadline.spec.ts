import { INestMicroservice } from '@nestjs/common';
import { count, isNull } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { DatabaseHandle, openDatabase } from '@app/db';
import { countUnsent } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, TcpProxy, testConfig } from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';
import { deliveries, inbox } from '@apps/notification/src/database/notification.schema';
import { createTestPublisher, identityOutbox, TestPublisher } from './publisher';

/**
 * The outbox relay waits for the broker's confirms inside the transaction
 * that claimed its rows. Here the broker takes the publishes but its answers
 * are held back by a TCP proxy (as after a broker restart that left the
 * connection half-alive): the relay must give up at its deadline, roll back,
 * and publish again on a fresh connection — and consumers still handle each
 * event once.
 */
describe('outbox relay when the broker stops confirming', () => {
  const CONFIRM_TIMEOUT_MS = 1_000;
  let config: AppConfig;
  let logs: LogCapture;
  let proxy: TcpProxy;
  let publisher: TestPublisher;
  let notificationDb: DatabaseHandle;
  let consumer: INestMicroservice;

  const idleInTransaction = async () => {
    const database = new URL(config.DATABASE_URL).pathname.slice(1);
    const result = await notificationDb.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'idle in transaction'`,
      [database],
    );
    return result.rows[0].n;
  };
  const duplicateLines = () => logs.lines.filter((line) => line.msg === 'mail request accepted' && line.duplicate === true).length;

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    logs = new LogCapture();
    proxy = await TcpProxy.forUrl(config.AMQP_URL, 5672).start();
    publisher = await createTestPublisher(config, logs.logger('identity'), proxy.rewrite(config.AMQP_URL), {
      confirmTimeoutMs: CONFIRM_TIMEOUT_MS,
    });
    notificationDb = openDatabase(config.DATABASE_URL);
    consumer = await startServiceInProcess(Services.notification, config, logs);
  });

  afterAll(async () => {
    await consumer?.close();
    await publisher?.close();
    await proxy?.stop();
    await notificationDb?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('rolls the claim back at the deadline, holds no connection idle in transaction, and publishes on retry — each event handled once', async () => {
    await publisher.amqp.channel(); // connected through the proxy
    const ids = await publisher.enqueue(20, 'held');
    proxy.holdReplies();

    // While the relay waits, its transaction (with the claimed rows) is open: that is the wait being bounded.
    const drained = publisher.relay.drain();
    await eventually(async () => (await idleInTransaction()) > 0 && proxy.heldBytes > 0, 5_000, 20);
    const started = Date.now();
    expect(await drained).toBe(0);
    expect(Date.now() - started).toBeLessThan(CONFIRM_TIMEOUT_MS + 2_000);

    // Rolled back: unsent, the attempt recorded, and no connection left holding locks.
    expect(await countUnsent(publisher.database.db, identityOutbox)).toBe(20);
    const attempts = await publisher.database.db
      .select({ attempts: identityOutbox.attempts, lastError: identityOutbox.lastError })
      .from(identityOutbox)
      .where(isNull(identityOutbox.sentAt));
    expect(attempts.every((row) => row.attempts === 1 && /did not confirm 20 events within 1000 ms/.test(row.lastError ?? ''))).toBe(true);
    await eventually(async () => (await idleInTransaction()) === 0, 5_000, 50);

    // Logged as a warning with counts only: no payload (mail addresses) in the log.
    const warning = logs.lines.find((line) => line.msg.includes('did not confirm in time'));
    expect(warning).toMatchObject({ level: 'warn', count: 20, timeoutMs: CONFIRM_TIMEOUT_MS });
    expect(JSON.stringify(warning)).not.toContain('@example.com');

    // The swallowing connection was dropped; the retry goes out on a fresh one and commits.
    expect(await publisher.relay.drain()).toBe(20);
    expect(await countUnsent(publisher.database.db, identityOutbox)).toBe(0);

    // The broker had the first copies too: consumers see every event twice and handle each once.
    await eventually(async () => duplicateLines() === 20, 20_000);
    const handled = await notificationDb.db.select({ id: deliveries.messageId }).from(deliveries);
    expect(handled.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect((await notificationDb.db.select({ n: count() }).from(inbox))[0].n).toBe(20);
  });
});
