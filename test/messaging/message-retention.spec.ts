import { NestFactory } from '@nestjs/core';
import { inArray, sql } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { defineInboxTable, defineOutboxTable, MessageRetention, ServiceCoreModule } from '@app/messaging';
import { identityMigrations } from '@apps/identity/src/identity.module';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, testConfig } from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';
import { inbox, outbox } from '@apps/identity/src/database/identity.schema';
import { inbox as notificationInbox, outbox as notificationOutbox } from '@apps/notification/src/database/notification.schema';
import { createTestPublisher, TestPublisher } from './publisher';

/**
 * Real PostgreSQL and RabbitMQ: the identity service's outbox and inbox, with
 * rows aged by setting their timestamps back.
 */
describe('outbox and inbox retention', () => {
  let config: AppConfig;
  let publisher: TestPublisher;
  const logs = new LogCapture();

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    publisher = await createTestPublisher(config, logs.logger('identity'));
  });

  afterAll(async () => {
    await publisher?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  const db = () => publisher.database.db;
  const retention = (options: Partial<ConstructorParameters<typeof MessageRetention>[2]> = {}) =>
    new MessageRetention(
      db(),
      { outbox, inbox },
      { outboxDays: 7, inboxDays: 30, intervalMs: 3_600_000, logger: logs.logger('identity'), ...options },
    );

  /** Events enqueued and published, then their sending (and creation) set back this many days. */
  async function sentDaysAgo(count: number, days: number): Promise<string[]> {
    const ids = await publisher.enqueue(count, `sent-${days}`);
    expect(await publisher.relay.drain()).toBe(count);
    await db()
      .update(outbox)
      .set({ sentAt: sql`now() - make_interval(days => ${days})`, createdAt: sql`now() - make_interval(days => ${days})` })
      .where(inArray(outbox.id, ids));
    return ids;
  }

  /** Message IDs handled this many days ago. */
  async function handledDaysAgo(count: number, days: number): Promise<string[]> {
    const ids = Array.from({ length: count }, (_, index) => `handled-${days}-${index}-${Math.random()}`);
    await db()
      .insert(inbox)
      .values(
        ids.map((messageId) => ({ messageId, event: 'notification.requested', receivedAt: sql`now() - make_interval(days => ${days})` })),
      );
    return ids;
  }

  const outboxIds = async () => (await db().select({ id: outbox.id }).from(outbox)).map((row) => row.id).sort();
  const inboxIds = async () => (await db().select({ id: inbox.messageId }).from(inbox)).map((row) => row.id).sort();

  async function clear() {
    await db().delete(outbox);
    await db().delete(inbox);
  }

  it('removes events sent before the outbox retention and IDs handled before the inbox retention, never an unsent event', async () => {
    await clear();
    await sentDaysAgo(3, 8);
    const recentlySent = await sentDaysAgo(2, 6);
    // Never published (the broker was away all along), created long ago: still to be delivered.
    const unsent = await publisher.enqueue(2, 'unsent');
    await db()
      .update(outbox)
      .set({ createdAt: sql`now() - make_interval(days => 100)` })
      .where(inArray(outbox.id, unsent));
    await handledDaysAgo(4, 31);
    const recentlyHandled = await handledDaysAgo(2, 29);

    expect(await retention().prune()).toEqual({ outbox: 3, inbox: 4 });
    expect(await outboxIds()).toEqual([...recentlySent, ...unsent].sort());
    expect(await inboxIds()).toEqual([...recentlyHandled].sort());

    // The old unsent events are published as ever, and a second pass finds nothing more.
    expect(await publisher.relay.drain()).toBe(2);
    expect(await retention().prune()).toEqual({ outbox: 0, inbox: 0 });
  });

  it('follows the configured retentions', async () => {
    await clear();
    const threeDays = await sentDaysAgo(2, 3);
    await sentDaysAgo(1, 5);
    const handledTwoDaysAgo = await handledDaysAgo(1, 2);
    await handledDaysAgo(1, 4);
    expect(await retention({ outboxDays: 4, inboxDays: 3 }).prune()).toEqual({ outbox: 1, inbox: 1 });
    expect(await outboxIds()).toEqual([...threeDays].sort());
    expect(await inboxIds()).toEqual(handledTwoDaysAgo);
  });

  it('removes a backlog larger than a batch, batch after batch', async () => {
    await clear();
    await sentDaysAgo(7, 10);
    await handledDaysAgo(5, 40);
    expect(await retention({ batchSize: 2 }).prune()).toEqual({ outbox: 7, inbox: 5 });
    expect(await outboxIds()).toEqual([]);
    expect(await inboxIds()).toEqual([]);
  });

  it('runs a pass every interval once started, and no more once stopped', async () => {
    await clear();
    const running = retention({ intervalMs: 50 });
    running.start();
    await sentDaysAgo(2, 8);
    await handledDaysAgo(2, 31);
    await eventually(async () => (await outboxIds()).length === 0 && (await inboxIds()).length === 0);
    expect(logs.lines.some((line) => line.msg === 'old outbox and inbox rows removed')).toBe(true);

    await running.stop();
    const kept = await sentDaysAgo(1, 8);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await outboxIds()).toEqual(kept);
  });

  it('logs a failed pass and runs the next one', async () => {
    // Tables of a schema that does not exist: every pass fails.
    const missing = pgSchema('no_such_schema');
    const failing = new MessageRetention(
      db(),
      { outbox: defineOutboxTable(missing), inbox: defineInboxTable(missing) },
      { outboxDays: 7, inboxDays: 30, intervalMs: 30, logger: logs.logger('identity') },
    );
    const failures = () =>
      logs.lines.filter((line) => line.msg === 'outbox and inbox retention pass failed; the next one tries again').length;
    const before = failures();
    failing.start();
    await eventually(async () => failures() >= before + 2);
    await failing.stop();
  });

  it('is part of every service: the notification service prunes its own outbox and inbox with the configured days', async () => {
    const serviceConfig = { ...config, OUTBOX_RETENTION_DAYS: 2, INBOX_RETENTION_DAYS: 5 };
    const app = await startServiceInProcess(Services.notification, serviceConfig, logs);
    try {
      const notificationDb = publisher.database.db;
      await notificationDb.insert(notificationOutbox).values([
        { id: crypto.randomUUID(), event: 'notification.requested', payload: {}, actor: {}, sentAt: sql`now() - make_interval(days => 3)` },
        { id: crypto.randomUUID(), event: 'notification.requested', payload: {}, actor: {}, sentAt: sql`now() - make_interval(days => 1)` },
      ]);
      await notificationDb.insert(notificationInbox).values([
        { messageId: 'six-days', event: 'notification.requested', receivedAt: sql`now() - make_interval(days => 6)` },
        { messageId: 'four-days', event: 'notification.requested', receivedAt: sql`now() - make_interval(days => 4)` },
      ]);
      expect(app.get(MessageRetention).started).toBe(true);
      expect(await app.get(MessageRetention).prune()).toEqual({ outbox: 1, inbox: 1 });
      const left = await notificationDb
        .select({ id: notificationInbox.messageId })
        .from(notificationInbox)
        .where(inArray(notificationInbox.messageId, ['six-days', 'four-days']));
      expect(left.map((row) => row.id)).toEqual(['four-days']);
    } finally {
      await app.close();
    }
  });

  it('runs in no process whose service says it does not prune (the signing workers: the signing service prunes)', async () => {
    const contextOf = async (prunes: boolean | undefined) => {
      const app = await NestFactory.createApplicationContext(
        ServiceCoreModule.forRoot({
          service: Services.identity,
          config,
          logger: logs.logger('identity'),
          migrations: [identityMigrations],
          outbox,
          inbox,
          ...(prunes === undefined ? {} : { prunes }),
        }),
        { logger: false },
      );
      await app.init();
      return app;
    };
    for (const [prunes, started] of [
      [false, false],
      [true, true],
      [undefined, true],
    ] as const) {
      const app = await contextOf(prunes);
      try {
        expect(app.get(MessageRetention).started).toBe(started);
      } finally {
        await app.close();
      }
    }
  });
});
