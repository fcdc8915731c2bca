import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { INestMicroservice } from '@nestjs/common';
import { ClientRMQ, RmqRecord } from '@nestjs/microservices';
import amqp from 'amqplib';
import { firstValueFrom } from 'rxjs';
import { AppConfig } from '@app/config';
import { ACTOR_HEADER, AppError, Patterns, Services, systemActor } from '@app/contracts';
import { deadLetterQueue, ServiceClient, serviceQueue, serviceQueueOptions, topologyOf } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, testConfig } from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';

/** Request/response over the real RabbitMQ to the real identity service. */
describe('RPC between services', () => {
  let config: AppConfig;
  let logs: LogCapture;
  let identity: INestMicroservice;
  let client: ServiceClient;

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    logs = new LogCapture();
    identity = await startServiceInProcess(Services.identity, config, logs);
    client = new ServiceClient({ url: config.AMQP_URL, timeoutMs: 5_000, reconnectSeconds: 0.5, ...topologyOf(config) });
  });

  afterAll(async () => {
    await client?.close();
    await identity?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('answers a ping with the service’s own dependencies, and the handler sees the caller’s actor context', async () => {
    const requestId = `rpc-${randomUUID()}`;
    const reply = await client.send(Patterns.identity.ping, {}, { actor: systemActor(requestId) });
    expect(reply).toMatchObject({ service: 'identity', status: 'up', components: { postgres: { status: 'up' } } });
    const handled = logs.lines.find((line) => line.msg === 'rpc handled' && line.requestId === requestId);
    expect(handled).toMatchObject({ service: 'identity', pattern: Patterns.identity.ping });
  });

  it('turns Nagle off on every broker connection, so a message over 2 KB is not held for the broker’s delayed ACK', async () => {
    // amqplib writes such a message as two chunks; with Nagle on, the second waited 40 ms for the ACK of the first.
    await client.send(Patterns.identity.ping, {}, { actor: systemActor('nagle') });
    const port = Number(new URL(config.AMQP_URL).port || 5672);
    const sockets = (process as unknown as { _getActiveHandles(): unknown[] })
      ._getActiveHandles()
      .filter((handle): handle is Socket => handle instanceof Socket && handle.remotePort === port);
    const noDelay = (socket: Socket) => {
      const flag = Object.getOwnPropertySymbols(socket).find((symbol) => symbol.description === 'kSetNoDelay');
      return flag ? (socket as unknown as Record<symbol, boolean>)[flag] : undefined;
    };
    // The service's consumer, its outbox relay's publisher and this client's connection at least.
    expect(sockets.length).toBeGreaterThanOrEqual(3);
    expect(sockets.map(noDelay)).toEqual(sockets.map(() => true));
  });

  it('refuses a payload that breaks the contract with VALIDATION_FAILED naming the field, in Japanese and English', async () => {
    const error = await client
      .send(Patterns.identity.ping, { unexpected: true } as unknown as Record<string, never>, { actor: systemActor('bad-payload') })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).reply).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      message: { ja: '入力内容に誤りがあります。', en: 'The request is not valid.' },
      details: [expect.objectContaining({ path: '(root)' })],
    });
  });

  it('answers NO_HANDLER for a pattern the service does not handle, and dead-letters the request', async () => {
    const raw = new ClientRMQ({
      urls: [config.AMQP_URL],
      queue: serviceQueue(config.AMQP_PREFIX, Services.identity),
      queueOptions: serviceQueueOptions(topologyOf(config), Services.identity),
      persistent: true,
    });
    const messageId = randomUUID();
    try {
      const error = await firstValueFrom(
        raw.send(
          'identity.no-such-pattern',
          new RmqRecord({}, { messageId, headers: { [ACTOR_HEADER]: JSON.stringify(systemActor('nope')) } }),
        ),
      ).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'NO_HANDLER', status: 501 });
    } finally {
      await raw.close();
    }
    const connection = await amqp.connect(config.AMQP_URL);
    try {
      const channel = await connection.createChannel();
      await eventually(async () => {
        const message = await channel.get(deadLetterQueue(config.AMQP_PREFIX, Services.identity), { noAck: true });
        return message && message.properties.messageId === messageId;
      });
    } finally {
      await connection.close();
    }
  });

  it('gives up with TIMEOUT when no instance of the service answers in time', async () => {
    const error = await client
      .send(Patterns.signing.ping, {}, { actor: systemActor('no-signing'), timeoutMs: 300 })
      .catch((caught: unknown) => caught);
    expect((error as AppError).reply).toMatchObject({ code: 'TIMEOUT', status: 504 });
  });
});
