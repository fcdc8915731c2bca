import { ChildProcess, execFile, spawn } from 'node:child_process';
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
  testConfig,
} from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/**
 * A message parked because it ended the process handling it (a real child process killed with
 * SIGKILL on delivery, twice: the second parks it) is listed with the reason it was parked for,
 * and — once a fixed notification service runs — `redrive` puts it back in notification's event
 * queue, which sends its mail once.
 */
describe('npm run dead-letters with a parked message', () => {
  let config: AppConfig;
  let smtp: SmtpCapture;
  let connection: ChannelModel;
  let channel: Channel;
  let service: INestMicroservice | undefined;
  const children: ChildProcess[] = [];

  const deadLetters = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', 'scripts/dead-letters.ts', ...args], {
      cwd: ROOT,
      env: environmentOf(config, { LOG_LEVEL: 'warn' }),
    });
    return stdout;
  };
  /** The messaging tests' consumer that dies with SIGKILL as soon as it gets a message (a poison message's effect). */
  const crashingConsumer = () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/messaging/fixtures/crashing-consumer.main.ts'], {
      cwd: ROOT,
      env: environmentOf(config, { LOG_LEVEL: 'warn', FLAKY_MODE: 'crash-at-once' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    return { child, exited, output: () => output };
  };
  const depth = async () => (await channel.checkQueue(deadLetterQueue(config.AMQP_PREFIX, Services.notification))).messageCount;

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    // A generous delivery limit: parking, not the broker's limit, is what takes it out of the queue.
    config = testConfig({ SMTP_URL: smtp.url, AMQP_DELIVERY_LIMIT: '20' });
    await createTestDatabase(config);
    connection = await amqp.connect(config.AMQP_URL);
    channel = await connection.createChannel();
    await declareTopology(channel, topologyOf(config));
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
    await service?.close();
    await connection?.close();
    await smtp?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('lists it with the reason it was parked for and re-drives it to notification once a fixed service runs', async () => {
    const messageId = randomUUID();
    const email = `parked-${messageId.slice(0, 8)}@example.jp`;
    channel.publish(
      eventsExchange(config.AMQP_PREFIX),
      Events.notificationRequested,
      Buffer.from(
        JSON.stringify({
          pattern: Events.notificationRequested,
          data: {
            template: 'user-registered',
            to: { email, name: '佐藤 二郎' },
            params: { userId: 'U000002', companyName: '株式会社受注工務店' },
          },
        }),
      ),
      { persistent: true, messageId, headers: { [ACTOR_HEADER]: JSON.stringify(systemActor('parked')) } },
    );
    // The first process dies handling it; the next one parks it instead of dying too.
    const first = crashingConsumer();
    expect(await first.exited).toBe('SIGKILL');
    const second = crashingConsumer();
    await eventually(async () => (await depth()) === 1, 60_000, 200);
    second.child.kill('SIGTERM');
    await second.exited;
    expect(second.output()).toContain('message parked');

    const [report] = JSON.parse(await deadLetters('list', '--service', Services.notification, '--json')) as Array<Record<string, any>>;
    expect(report.messages).toEqual([
      expect.objectContaining({
        messageId,
        pattern: Events.notificationRequested,
        reason: expect.stringMatching(/^the process handling it \(instance [0-9a-f-]{36}, since .+\) ended before it finished$/),
        exchange: eventsExchange(config.AMQP_PREFIX),
        routingKey: Events.notificationRequested,
        queue: serviceEventQueue(config.AMQP_PREFIX, Services.notification),
      }),
    ]);
    expect(await depth()).toBe(1);

    // The fix: the real notification service. Re-driven, the message is delivered to it, and its mail sent once.
    service = await startServiceInProcess(Services.notification, config, new LogCapture());
    const moved = JSON.parse(await deadLetters('redrive', '--json')) as Array<{ messageId: string; queue: string }>;
    expect(moved).toEqual([expect.objectContaining({ messageId, queue: serviceEventQueue(config.AMQP_PREFIX, Services.notification) })]);
    await smtp.waitFor((mail) => mail.envelope.to.includes(email), 30_000);
    expect(await depth()).toBe(0);
    expect(smtp.messages.filter((mail) => mail.envelope.to.includes(email))).toHaveLength(1);
  });
});
