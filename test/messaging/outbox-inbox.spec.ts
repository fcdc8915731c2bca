import { spawn } from 'node:child_process';
import path from 'node:path';
import { INestMicroservice } from '@nestjs/common';
import { count, eq, isNull, sql } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { Events, Services } from '@app/contracts';
import { DatabaseHandle, openDatabase } from '@app/db';
import { countUnsent } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, TcpProxy, testConfig } from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';
import { deliveries, inbox } from '@apps/notification/src/database/notification.schema';
import { createTestPublisher, identityOutbox, TestPublisher } from './publisher';

const repo = path.resolve(__dirname, '../..');

/** Real PostgreSQL and RabbitMQ; the consumer is the real notification service (and a child process that dies). */
describe('outbox → RabbitMQ → inbox', () => {
  let config: AppConfig;
  let logs: LogCapture;
  let publisher: TestPublisher;
  let notificationDb: DatabaseHandle;
  let consumer: INestMicroservice | undefined;

  const deliveryCount = async () => (await notificationDb.db.select({ n: count() }).from(deliveries))[0].n;
  const sentCount = async () => (await notificationDb.db.select({ n: count() }).from(deliveries).where(eq(deliveries.status, 'sent')))[0].n;
  const inboxCount = async () => (await notificationDb.db.select({ n: count() }).from(inbox))[0].n;
  const duplicateLines = () => logs.lines.filter((line) => line.msg === 'mail request accepted' && line.duplicate === true).length;

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    logs = new LogCapture();
    publisher = await createTestPublisher(config, logs.logger('identity'));
    notificationDb = openDatabase(config.DATABASE_URL);
  });

  afterAll(async () => {
    await consumer?.close();
    await publisher?.close();
    await notificationDb?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('delivers each event exactly once even when the consumer dies after committing, before acking', async () => {
    const [first] = await publisher.enqueue(1, 'crash');
    expect(await publisher.relay.drain()).toBe(1);

    // A consumer process that commits the first event's work and is SIGKILLed before its ack.
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/messaging/fixtures/crashing-consumer.main.ts'], {
      cwd: repo,
      env: {
        ...process.env,
        DATABASE_URL: config.DATABASE_URL,
        AMQP_PREFIX: config.AMQP_PREFIX,
        AMQP_DELIVERY_LIMIT: '3',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect({ signal, stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    // Its work is committed, but the broker never got the ack.
    expect(await deliveryCount()).toBe(1);

    const rest = await publisher.enqueue(19, 'after-crash');
    expect(await publisher.relay.drain()).toBe(19);
    consumer = await startServiceInProcess(Services.notification, config, logs);

    await eventually(async () => (await inboxCount()) === 20 && duplicateLines() === 1);
    expect(await deliveryCount()).toBe(20);
    // The event the dead consumer had accepted is still mailed, once, like the others.
    await eventually(async () => (await sentCount()) === 20);
    const stored = await notificationDb.db.select({ id: deliveries.messageId }).from(deliveries);
    expect(stored.map((row) => row.id).sort()).toEqual([first, ...rest].sort());
  });

  it('turns a second publication of the same events (relay crashed before marking them sent) into no-ops', async () => {
    const before = duplicateLines();
    const republished = await publisher.database.db
      .update(identityOutbox)
      .set({ sentAt: null })
      .where(sql`${identityOutbox.seq} in (select seq from ${identityOutbox} order by seq limit 5)`)
      .returning({ id: identityOutbox.id });
    expect(republished).toHaveLength(5);
    expect(await publisher.relay.drain()).toBe(5);

    await eventually(async () => duplicateLines() === before + 5);
    expect(await deliveryCount()).toBe(20);
    expect(await inboxCount()).toBe(20);
    expect(logs.lines.filter((line) => line.msg === 'mail sent')).toHaveLength(20);
  });

  it('loses nothing published while the broker is unreachable, and delivers it once the broker is back', async () => {
    const proxy = await TcpProxy.forUrl(config.AMQP_URL, 5672).start();
    const cutPublisher = await createTestPublisher(config, logs.logger('identity'), proxy.rewrite(config.AMQP_URL));
    try {
      expect(await cutPublisher.relay.drain()).toBe(0); // connects through the proxy; nothing pending
      proxy.cut();
      await eventually(async () => !cutPublisher.amqp.isConnected);

      const ids = await cutPublisher.enqueue(10, 'broker-down');
      expect(await cutPublisher.relay.drain()).toBe(0);
      expect(await countUnsent(cutPublisher.database.db, identityOutbox)).toBe(10);
      const failedAttempts = await cutPublisher.database.db
        .select({ attempts: identityOutbox.attempts, lastError: identityOutbox.lastError })
        .from(identityOutbox)
        .where(isNull(identityOutbox.sentAt));
      expect(failedAttempts.every((row) => row.attempts >= 1 && (row.lastError ?? '').length > 0)).toBe(true);

      proxy.restore();
      cutPublisher.relay.start(); // polls and also wakes when the connection returns
      await eventually(async () => (await countUnsent(cutPublisher.database.db, identityOutbox)) === 0, 20_000);
      await eventually(async () => (await deliveryCount()) === 30);
      const stored = await notificationDb.db.select({ id: deliveries.messageId }).from(deliveries);
      expect(stored.filter((row) => ids.includes(row.id))).toHaveLength(10);
    } finally {
      await cutPublisher.close();
      await proxy.stop();
    }
  });

  it('refuses to enqueue an event whose payload breaks its contract, and rolls the transaction back', async () => {
    const before = await countUnsent(publisher.database.db, identityOutbox);
    const total = async () => (await publisher.database.db.select({ n: count() }).from(identityOutbox))[0].n;
    const rowsBefore = await total();
    await expect(
      publisher.database.db.transaction(async (tx) => {
        const { enqueueEvent } = await import('@app/messaging');
        await enqueueEvent(
          tx,
          identityOutbox,
          Events.notificationRequested,
          { template: 'user-registered', to: { email: 'not-an-address', name: 'x' }, params: { userId: 'U000001', companyName: 'x' } },
          {
            kind: 'system',
            roles: [],
            requestId: 'bad',
          },
        );
      }),
    ).rejects.toMatchObject({ reply: { code: 'VALIDATION_FAILED' } });
    expect(await total()).toBe(rowsBefore);
    expect(await countUnsent(publisher.database.db, identityOutbox)).toBe(before);
  });
});
