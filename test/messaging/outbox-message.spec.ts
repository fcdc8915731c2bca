import { inArray, sql } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { ACTOR_HEADER, Events, systemActor } from '@app/contracts';
import { countUnsent, enqueueEvents, eventsExchange } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, LogCapture, testConfig } from '@app/testing';
import { outbox } from '@apps/identity/src/database/identity.schema';
import { createTestPublisher, TestPublisher } from './publisher';

/**
 * What the relay puts on the events exchange for each outbox row: the event
 * and its payload as the body, the actor as a header, the row's ID, type and
 * creation second. Real PostgreSQL and RabbitMQ; a queue of the test's own
 * is bound to the exchange and read raw.
 */
describe('outbox relay: the messages it publishes', () => {
  let config: AppConfig;
  let publisher: TestPublisher;
  let second: TestPublisher | undefined;

  /** A queue of the test's own on the events exchange, and a reader of the message IDs it got, in order. */
  async function listen(): Promise<() => Promise<string[]>> {
    const channel = await publisher.amqp.channel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, eventsExchange(config.AMQP_PREFIX), Events.notificationRequested);
    return async () => {
      const ids: string[] = [];
      for (let message = await channel.get(queue, { noAck: true }); message; message = await channel.get(queue, { noAck: true })) {
        ids.push(message.properties.messageId as string);
      }
      return ids;
    };
  }

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    publisher = await createTestPublisher(config, new LogCapture().logger('identity'));
    await publisher.relay.drain();
  });

  afterAll(async () => {
    await second?.close();
    await publisher?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('carries each stored payload and actor unchanged, with the row’s ID, type and creation time', async () => {
    const channel = await publisher.amqp.channel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, eventsExchange(config.AMQP_PREFIX), Events.notificationRequested);
    const entries = ['株式会社 "引用" \\ テスト', 'second'].map((label, index) => ({
      event: Events.notificationRequested,
      payload: {
        template: 'user-registered' as const,
        to: { email: `user${index}@example.com`, name: label },
        params: { userId: `U00000${index}`, companyName: label },
      },
      actor: { ...systemActor(`message-${index}`), requestId: `request-${index}` },
    }));
    const ids = await publisher.database.db.transaction((tx) => enqueueEvents(tx, outbox, entries));
    const created = await publisher.database.db
      .select({ id: outbox.id, createdAt: outbox.createdAt })
      .from(outbox)
      .where(inArray(outbox.id, ids));
    expect(await publisher.relay.drain()).toBe(2);

    const received = [];
    for (let message = await channel.get(queue, { noAck: true }); message; message = await channel.get(queue, { noAck: true })) {
      received.push(message);
    }
    expect(
      received.map(({ content, properties }) => ({
        body: JSON.parse(content.toString('utf8')) as unknown,
        actor: JSON.parse(String(properties.headers?.[ACTOR_HEADER])) as unknown,
        messageId: properties.messageId as string,
        type: properties.type as string,
        contentType: properties.contentType as string,
        timestamp: properties.timestamp as number,
        persistent: properties.deliveryMode,
      })),
    ).toEqual(
      entries.map((entry, index) => ({
        // As validated when enqueued (defaults filled in).
        body: { pattern: entry.event, data: { ...entry.payload, to: { ...entry.payload.to, language: 'ja' } } },
        actor: entry.actor,
        messageId: ids[index],
        type: entry.event,
        contentType: 'application/json',
        timestamp: Math.floor(created.find((row) => row.id === ids[index])!.createdAt.getTime() / 1000),
        persistent: 2,
      })),
    );
  });

  it('publishes the rows in the order they were committed, across batches, however they lie in the table', async () => {
    const received = await listen();
    const ids = [...(await publisher.enqueue(120, 'first')), ...(await publisher.enqueue(90, 'second'))];
    // Rows rewritten in place move to the table's end: a claim's RETURNING then lists them last.
    await publisher.database.db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, [...ids.slice(0, 30), ...ids.slice(100, 130)]));
    expect(await publisher.relay.drain()).toBe(210);
    expect(await received()).toEqual(ids);
  });

  it('shares the rows between two relays: each published once, none left', async () => {
    second = await createTestPublisher(config, new LogCapture().logger('identity'));
    const received = await listen();
    const ids: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      ids.push(...(await publisher.enqueue(100, `round-${round}`)));
    }
    const [one, two] = await Promise.all([publisher.relay.drain(), second.relay.drain()]);
    expect(one + two).toBe(600);
    expect(await countUnsent(publisher.database.db, outbox)).toBe(0);
    const published = await received();
    expect(published).toHaveLength(600);
    expect(new Set(published)).toEqual(new Set(ids));
  });
});
