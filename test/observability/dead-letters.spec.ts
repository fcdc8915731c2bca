import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { INestMicroservice } from '@nestjs/common';
import amqp, { Channel, ChannelModel } from 'amqplib';
import { AppConfig } from '@app/config';
import { ACTOR_HEADER, Events, Services, systemActor } from '@app/contracts';
import { deadLetterQueue, declareTopology, eventsExchange, serviceEventQueue, topologyOf } from '@app/messaging';
import {
  createTestDatabase,
  deleteTopology,
  dropTestDatabase,
  environmentOf,
  eventually,
  LogCapture,
  SmtpCapture,
  TcpProxy,
  testConfig,
} from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';
import { freePorts, scrape, valueOf } from './scrape';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/**
 * `npm run dead-letters -- list|redrive` against the real notification service, RabbitMQ, PostgreSQL
 * and an SMTP server: a mail request that kept failing while notification's database was
 * unreachable is dead-lettered by the quorum queue after AMQP_DELIVERY_LIMIT deliveries, shows in
 * `list` and in the dead-letter gauge, and — once the database is back — `redrive` puts it back
 * in notification's event queue, which sends the mail.
 */
describe('npm run dead-letters', () => {
  let config: AppConfig;
  let smtp: SmtpCapture;
  let database: TcpProxy;
  let service: INestMicroservice;
  let connection: ChannelModel;
  let channel: Channel;
  let healthPort: number;
  const logs = new LogCapture();

  const deadLetters = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['-r', '@swc-node/register', 'scripts/dead-letters.ts', ...args], {
        cwd: ROOT,
        env: environmentOf(config, { LOG_LEVEL: 'warn' }),
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const depth = async () => (await channel.checkQueue(deadLetterQueue(config.AMQP_PREFIX, Services.notification))).messageCount;
  const gauge = async () =>
    valueOf(await scrape(healthPort), 'inkan_dead_letter_messages', { queue: deadLetterQueue(config.AMQP_PREFIX, Services.notification) });

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    config = testConfig({ SMTP_URL: smtp.url, AMQP_DELIVERY_LIMIT: '2' });
    await createTestDatabase(config);
    database = await TcpProxy.forUrl(config.DATABASE_URL, 5432).start();
    ({ notification: healthPort } = await freePorts(['notification'] as const));
    service = await startServiceInProcess(
      Services.notification,
      { ...config, DATABASE_URL: database.rewrite(config.DATABASE_URL), HEALTH_PORT: healthPort },
      logs,
    );
    connection = await amqp.connect(config.AMQP_URL);
    channel = await connection.createChannel();
    await declareTopology(channel, topologyOf(config));
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await connection?.close();
    await database?.stop();
    await smtp?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('refuses bad arguments in Japanese and English and changes nothing', async () => {
    for (const args of [
      [],
      ['purge'],
      ['list', 'redrive'],
      ['redrive', '--service', 'nope'],
      ['list', '--limit', '0'],
      ['list', '--bogus'],
    ]) {
      const result = await deadLetters(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 64 });
      expect(result.stderr).toMatch(/使い方/);
      expect(result.stderr).toMatch(/usage/);
    }
    expect((await deadLetters('redrive', '--service', 'nope')).stderr).toContain('no service "nope" / サービス「nope」はありません');
    expect(await depth()).toBe(0);
  });

  it('lists a message dead-lettered while its cause lasted, and re-drives it once the cause is fixed', async () => {
    // The cause: notification's database is unreachable, so every delivery fails and is requeued.
    database.cut();
    const messageId = randomUUID();
    const email = `dead-letter-${messageId.slice(0, 8)}@example.jp`;
    const publish = () =>
      channel.publish(
        eventsExchange(config.AMQP_PREFIX),
        Events.notificationRequested,
        Buffer.from(
          JSON.stringify({
            pattern: Events.notificationRequested,
            data: {
              template: 'user-registered',
              to: { email, name: '山田 太郎' },
              params: { userId: 'U000001', companyName: '発注建設株式会社' },
            },
          }),
        ),
        {
          persistent: true,
          messageId,
          type: Events.notificationRequested,
          headers: { [ACTOR_HEADER]: JSON.stringify(systemActor('dead-letter')) },
        },
      );
    publish();
    // The quorum queue dead-letters it after AMQP_DELIVERY_LIMIT deliveries; the gauge shows it.
    await eventually(async () => (await depth()) === 1, 60_000, 200);
    await eventually(async () => (await gauge()) === 1, 10_000, 200);

    const listed = await deadLetters('list', '--service', Services.notification, '--json');
    expect(listed.code).toBe(0);
    const [report] = JSON.parse(listed.stdout) as Array<Record<string, any>>;
    expect(report).toMatchObject({ service: 'notification', queue: deadLetterQueue(config.AMQP_PREFIX, Services.notification), depth: 1 });
    expect(report.messages).toEqual([
      expect.objectContaining({
        messageId,
        pattern: Events.notificationRequested,
        reason: 'delivery_limit',
        exchange: eventsExchange(config.AMQP_PREFIX),
        routingKey: Events.notificationRequested,
        queue: serviceEventQueue(config.AMQP_PREFIX, Services.notification),
        deadLetteredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      }),
    ]);
    // Metadata only: the payload (an address) is not printed.
    expect(listed.stdout).not.toContain(email);
    const text = await deadLetters('list');
    expect(text.stdout).toContain(`${deadLetterQueue(config.AMQP_PREFIX, Services.notification)}: 1 message(s)`);
    expect(text.stdout).toContain(`${messageId}  ${Events.notificationRequested}  reason=delivery_limit`);
    // Listing takes nothing away.
    expect(await depth()).toBe(1);
    expect(smtp.messages.filter((mail) => mail.envelope.to.includes(email))).toHaveLength(0);

    // The cause fixed: the database is back. The message goes back to notification's event queue only.
    database.restore();
    const redriven = await deadLetters('redrive', '--service', Services.notification);
    expect(redriven.code).toBe(0);
    expect(redriven.stdout).toContain(
      `re-driven / 再投入: ${messageId}  ${Events.notificationRequested} → ${serviceEventQueue(config.AMQP_PREFIX, Services.notification)}`,
    );
    expect(redriven.stdout).toContain('1 message(s) re-driven');
    const mail = await smtp.waitFor((candidate) => candidate.envelope.to.includes(email), 30_000);
    expect(mail.subject).not.toBe('');
    expect(await depth()).toBe(0);
    await eventually(async () => (await gauge()) === 0, 10_000, 200);
    // Nothing left to move; a second redrive moves nothing and sends nothing twice.
    expect((await deadLetters('redrive')).stdout).toContain('0 message(s) re-driven');
    await eventually(async () => (valueOf(await scrape(healthPort), 'inkan_mails_total', { outcome: 'sent' }) ?? 0) >= 1, 10_000);
    expect(smtp.messages.filter((candidate) => candidate.envelope.to.includes(email))).toHaveLength(1);

    // The same message once more (a relay that published twice): the inbox knows it, counts it, sends nothing.
    const duplicates = () =>
      scrape(healthPort).then((scraped) => valueOf(scraped, 'inkan_inbox_duplicates_total', { event: Events.notificationRequested }) ?? 0);
    expect(await duplicates()).toBe(0);
    publish();
    await eventually(async () => (await duplicates()) === 1, 10_000, 100);
    expect(smtp.messages.filter((candidate) => candidate.envelope.to.includes(email))).toHaveLength(1);
  });
});
