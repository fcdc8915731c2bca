import { randomUUID } from 'node:crypto';
import { INestMicroservice } from '@nestjs/common';
import amqp, { Channel, ChannelModel } from 'amqplib';
import { AppConfig } from '@app/config';
import { ACTOR_HEADER, Events, Patterns, Services, systemActor } from '@app/contracts';
import { declareTopology, eventsExchange, ServiceClient, serviceEventQueue, startService, topologyOf } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, testConfig } from '@app/testing';
import { deliveries, FlakyNotificationModule, releaseStalled } from './fixtures/flaky-notification.module';

/**
 * A request never waits behind events: with every event slot of a service
 * taken by handlers that do not finish and a backlog of events behind them
 * (as a bulk-sign batch makes), the service still answers a request at once.
 */
describe('requests beside a backlog of events', () => {
  const PREFETCH = 4;
  const EVENT_PREFETCH = 6;
  const BACKLOG = 20;
  let config: AppConfig;
  let connection: ChannelModel;
  let channel: Channel;
  let service: INestMicroservice;
  let client: ServiceClient;

  beforeAll(async () => {
    config = testConfig({ AMQP_PREFETCH: String(PREFETCH), AMQP_EVENT_PREFETCH: String(EVENT_PREFETCH) });
    await createTestDatabase(config);
    connection = await amqp.connect(config.AMQP_URL);
    channel = await connection.createChannel();
    await declareTopology(channel, topologyOf(config));
    const logger = new LogCapture().logger(Services.notification);
    service = await startService(Services.notification, FlakyNotificationModule.forRoot(config, logger, 'stall'), config, logger, {
      shutdownHooks: false,
    });
    client = new ServiceClient({ url: config.AMQP_URL, timeoutMs: 3_000, reconnectSeconds: 0.5, ...topologyOf(config) });
  });

  afterAll(async () => {
    releaseStalled();
    await client?.close();
    await service?.close();
    await connection?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('answers a ping while every event slot is held and more events wait in the queue', async () => {
    for (let i = 0; i < BACKLOG; i += 1) {
      channel.publish(
        eventsExchange(config.AMQP_PREFIX),
        Events.notificationRequested,
        Buffer.from(
          JSON.stringify({
            pattern: Events.notificationRequested,
            data: {
              template: 'user-registered',
              to: { email: `u${i}@example.com`, name: 'x' },
              params: { userId: 'U000001', companyName: 'x' },
            },
          }),
        ),
        { persistent: true, messageId: randomUUID(), headers: { [ACTOR_HEADER]: JSON.stringify(systemActor('backlog')) } },
      );
    }
    // The event window (AMQP_EVENT_PREFETCH) is its own: full, while the request window is free.
    await eventually(async () => deliveries.length >= EVENT_PREFETCH, 10_000);
    const waiting = await channel.checkQueue(serviceEventQueue(config.AMQP_PREFIX, Services.notification));
    expect(waiting.messageCount).toBe(BACKLOG - EVENT_PREFETCH);
    expect(deliveries).toHaveLength(EVENT_PREFETCH);

    const reply = await client.send(Patterns.notification.ping, {}, { actor: systemActor('ping-behind-backlog') });
    expect(reply).toMatchObject({ service: 'notification', status: 'up' });
  });
});
