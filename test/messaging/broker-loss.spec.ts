import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import amqp from 'amqplib';
import { AppConfig } from '@app/config';
import { AppError, Events, Patterns, Services, systemActor } from '@app/contracts';
import { ServiceClient, serviceControlQueue, startService, topologyOf } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, TcpProxy, testConfig } from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';

/**
 * Real RabbitMQ behind TCP proxies: the identity service and a caller each
 * reach the broker through a proxy of their own, so a test can take the
 * broker away from either while a request is on its way. An unhandled
 * `error` event of amqplib or amqp-connection-manager would end this process
 * (and so fail the run).
 */
describe('losing the broker', () => {
  let config: AppConfig;
  let logs: LogCapture;
  let serverProxy: TcpProxy;
  let clientProxy: TcpProxy;
  let identity: INestMicroservice;
  let client: ServiceClient;
  const queued = async () => {
    const connection = await amqp.connect(config.AMQP_URL);
    try {
      const channel = await connection.createChannel();
      return (await channel.checkQueue(serviceControlQueue(config.AMQP_PREFIX, Services.identity))).messageCount;
    } finally {
      await connection.close();
    }
  };
  const ping = (requestId: string) => client.send(Patterns.identity.ping, {}, { actor: systemActor(requestId) });

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    serverProxy = await TcpProxy.forUrl(config.AMQP_URL, 5672).start();
    clientProxy = await TcpProxy.forUrl(config.AMQP_URL, 5672).start();
    logs = new LogCapture();
    identity = await startServiceInProcess(Services.identity, { ...config, AMQP_URL: serverProxy.rewrite(config.AMQP_URL) }, logs);
    client = new ServiceClient({
      url: clientProxy.rewrite(config.AMQP_URL),
      timeoutMs: 10_000,
      reconnectSeconds: 0.2,
      logger: logs.logger('caller'),
      ...topologyOf(config),
    });
  });

  afterAll(async () => {
    await client?.close();
    await identity?.close();
    await serverProxy?.stop();
    await clientProxy?.stop();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('fails a request whose connection drops while it waits with SERVICE_UNAVAILABLE (503) at once, not after the timeout', async () => {
    await expect(ping('before')).resolves.toMatchObject({ service: 'identity', status: 'up' });
    // The service is away, so the request waits in its queue; then the caller's own connection drops.
    serverProxy.cut();
    const started = Date.now();
    const pending = ping('in-flight').catch((error: unknown) => error);
    await eventually(async () => (await queued()) > 0, 5_000, 20);
    clientProxy.cut();
    const error = await pending;
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).reply).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      message: { ja: expect.stringContaining('しばらくしてから') as string, en: expect.stringContaining('try again') as string },
    });
    // The RPC timeout is 10 s; a lost connection is reported within the time it takes to notice it.
    expect(waited).toBeLessThan(5_000);
  });

  it('keeps the service and the caller running through a flapping broker connection, and answers again once it is back', async () => {
    clientProxy.restore();
    // Connections cut at every stage of their set-up (opening, channel, topology, consume), many times over.
    for (let round = 0; round < 15; round += 1) {
      serverProxy.restore();
      await new Promise((resolve) => setTimeout(resolve, 20 + ((round * 37) % 180)));
      serverProxy.cut();
    }
    serverProxy.restore();
    const reply = await eventually(() => ping(`after-${Date.now()}`).catch(() => undefined), 30_000, 250);
    expect(reply).toMatchObject({ service: 'identity', status: 'up' });
    // Both sides noticed the losses and went on.
    expect(logs.lines.some((line) => line.service === 'identity' && /lost|failed|disconnect/i.test(String(line.msg)))).toBe(true);
  });

  it('still refuses to boot a service whose event handlers do not match the registry (not retried as a channel set-up error)', async () => {
    @Controller()
    class UnroutedHandler {
      @EventPattern(Events.contractRegistered)
      handle(): void {}
    }
    @Module({ controllers: [UnroutedHandler] })
    class UnroutedModule {}
    const logger = logs.logger('misconfigured');
    await expect(startService(Services.identity, { module: UnroutedModule }, config, logger, { shutdownHooks: false })).rejects.toThrow(
      /do not match eventSubscribers in @app\/contracts: handled but not routed \[contract\.registered\]/,
    );
  });
});
