import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import amqp, { Channel, ChannelModel, GetMessage } from 'amqplib';
import { AppConfig } from '@app/config';
import { ACTOR_HEADER, Events, Patterns, Services, systemActor } from '@app/contracts';
import { deadLetterQueue, declareTopology, eventsExchange, ServiceClient, topologyOf } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, testConfig } from '@app/testing';

const repo = path.resolve(__dirname, '../..');

/**
 * A message whose handling kills the process (as a parser bomb did): the
 * process dies once, and the next process that gets the message parks it in
 * the service's dead-letter queue with the reason, instead of dying too —
 * real RabbitMQ, real PostgreSQL, real child processes killed for real.
 */
describe('a poison message that kills the process handling it', () => {
  let config: AppConfig;
  let connection: ChannelModel;
  let channel: Channel;
  let client: ServiceClient;
  const children: ChildProcess[] = [];

  const startConsumer = (mode: string) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/messaging/fixtures/crashing-consumer.main.ts'], {
      cwd: repo,
      env: {
        ...process.env,
        DATABASE_URL: config.DATABASE_URL,
        AMQP_PREFIX: config.AMQP_PREFIX,
        AMQP_DELIVERY_LIMIT: String(config.AMQP_DELIVERY_LIMIT),
        LOG_LEVEL: 'warn',
        FLAKY_MODE: mode,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    return { child, exited, output: () => output };
  };

  beforeAll(async () => {
    // A generous delivery limit: the broker's own dead-lettering must not be what stops the loop here.
    config = testConfig({ AMQP_DELIVERY_LIMIT: '20' });
    await createTestDatabase(config);
    connection = await amqp.connect(config.AMQP_URL);
    channel = await connection.createChannel();
    await declareTopology(channel, topologyOf(config));
    client = new ServiceClient({ url: config.AMQP_URL, timeoutMs: 5_000, reconnectSeconds: 0.5, ...topologyOf(config) });
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
    await client?.close();
    await connection?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('is parked with its reason after the first crash; the next process stays up and keeps answering', async () => {
    const messageId = randomUUID();
    channel.publish(
      eventsExchange(config.AMQP_PREFIX),
      Events.notificationRequested,
      Buffer.from(
        JSON.stringify({
          pattern: Events.notificationRequested,
          data: { template: 'user-registered', to: { email: 'a@example.com', name: 'a' }, params: { userId: 'U000001', companyName: 'a' } },
        }),
      ),
      { persistent: true, messageId, headers: { [ACTOR_HEADER]: JSON.stringify(systemActor('poison')) } },
    );

    const first = startConsumer('crash-at-once');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // The next process would die the same way if it handled the message.
    const second = startConsumer('crash-at-once');
    const parked = await eventually(async () => {
      const message: GetMessage | false = await channel.get(deadLetterQueue(config.AMQP_PREFIX, Services.notification), { noAck: true });
      return message && message.properties.messageId === messageId ? message : undefined;
    }, 60_000);
    expect(parked.properties.headers?.['x-inkan-parked-reason']).toMatch(
      /^the process handling it \(instance [0-9a-f-]{36}, since .+\) ended before it finished$/,
    );
    expect(parked.properties.headers?.['x-inkan-parked-from']).toBe(Events.notificationRequested);
    expect(JSON.parse(parked.content.toString())).toMatchObject({ data: { to: { email: 'a@example.com' } } });

    // Still alive, still consuming: it answers a ping, and stops cleanly when asked.
    const reply = await client.send(Patterns.notification.ping, {}, { actor: systemActor('after-poison') });
    expect(reply).toMatchObject({ service: 'notification', status: 'up' });
    expect({ exitCode: second.child.exitCode, signal: second.child.signalCode }).toEqual({ exitCode: null, signal: null });
    expect(second.output()).toContain('message parked');
    second.child.kill('SIGTERM');
    // Nest's shutdown hooks close everything, then re-raise the signal.
    expect(await second.exited).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
