import { randomUUID } from 'node:crypto';
import { INestMicroservice } from '@nestjs/common';
import amqp, { Channel, ChannelModel, GetMessage } from 'amqplib';
import { AppConfig } from '@app/config';
import { ACTOR_HEADER, Events, Services, systemActor } from '@app/contracts';
import { deadLetterQueue, declareTopology, eventsExchange, serviceEventQueue, startService, topologyOf } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, testConfig } from '@app/testing';
import { deliveries, FlakyNotificationModule } from './fixtures/flaky-notification.module';

/** Real RabbitMQ quorum queues with a delivery limit and a dead-letter queue per service queue. */
describe('dead-lettering of poison messages', () => {
  let config: AppConfig;
  let connection: ChannelModel;
  let channel: Channel;
  let service: INestMicroservice;

  const publish = (data: unknown, headers: Record<string, string> = { [ACTOR_HEADER]: JSON.stringify(systemActor('poison')) }) => {
    const messageId = randomUUID();
    channel.publish(
      eventsExchange(config.AMQP_PREFIX),
      Events.notificationRequested,
      Buffer.from(JSON.stringify({ pattern: Events.notificationRequested, data })),
      {
        persistent: true,
        messageId,
        headers,
      },
    );
    return messageId;
  };
  const deadLettered = (messageId: string) =>
    eventually(async () => {
      const message: GetMessage | false = await channel.get(deadLetterQueue(config.AMQP_PREFIX, Services.notification), { noAck: true });
      return message && message.properties.messageId === messageId ? message : undefined;
    }, 20_000);

  beforeAll(async () => {
    config = testConfig({ AMQP_DELIVERY_LIMIT: '3' });
    await createTestDatabase(config);
    connection = await amqp.connect(config.AMQP_URL);
    channel = await connection.createChannel();
    await declareTopology(channel, topologyOf(config));
    const logs = new LogCapture();
    const logger = logs.logger(Services.notification);
    service = await startService(Services.notification, FlakyNotificationModule.forRoot(config, logger, 'always-fail'), config, logger, {
      shutdownHooks: false,
    });
  });

  afterAll(async () => {
    await service?.close();
    await connection?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('dead-letters a payload that breaks its contract at once, without calling the handler', async () => {
    const messageId = publish({
      template: 'user-registered',
      to: { email: 'not-an-address', name: 'x' },
      params: { userId: 'U000001', companyName: 'x' },
    });
    const message = await deadLettered(messageId);
    expect(JSON.parse(message.content.toString())).toMatchObject({ data: { to: { email: 'not-an-address' } } });
    expect(deliveries).not.toContain(messageId);
  });

  it('dead-letters a message without an actor context', async () => {
    const messageId = publish(
      { template: 'user-registered', to: { email: 'a@example.com', name: 'a' }, params: { userId: 'U000001', companyName: 'a' } },
      {},
    );
    await deadLettered(messageId);
    expect(deliveries).not.toContain(messageId);
  });

  it('dead-letters a message that is not JSON', async () => {
    const messageId = randomUUID();
    channel.publish(eventsExchange(config.AMQP_PREFIX), Events.notificationRequested, Buffer.from('%PDF-not-json'), {
      persistent: true,
      messageId,
    });
    await deadLettered(messageId);
  });

  it('retries a handler that keeps failing a bounded number of times, then dead-letters the message', async () => {
    const messageId = publish({
      template: 'user-registered',
      to: { email: 'a@example.com', name: 'a' },
      params: { userId: 'U000001', companyName: 'a' },
    });
    const message = await deadLettered(messageId);
    const attempts = deliveries.filter((id) => id === messageId).length;
    // The first delivery plus AMQP_DELIVERY_LIMIT redeliveries, then the quorum queue gives up.
    expect(attempts).toBe(4);
    expect(message.properties.headers?.['x-death']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'delivery_limit', queue: serviceEventQueue(config.AMQP_PREFIX, Services.notification) }),
      ]),
    );
  });
});
