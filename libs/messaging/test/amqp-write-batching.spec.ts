import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import amqp, { ChannelModel } from 'amqplib';
import { AMQP_SOCKET_OPTIONS } from '@app/messaging';
import { testConfig } from '@app/testing';

/** Counts the socket's writes to the kernel: each `_write` or `_writev` is one syscall and, with Nagle off, one segment. */
function countWrites(socket: Socket): { readonly count: number } {
  const counter = { count: 0 };
  const internals = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const method of ['_write', '_writev'] as const) {
    const original = internals[method];
    internals[method] = function (this: Socket, ...args: unknown[]) {
      counter.count += 1;
      return original.apply(this, args);
    };
  }
  return counter;
}

/**
 * Every amqplib connection of a process that loads @app/messaging sends the
 * frames one turn queued in a few writes, not one write per frame (see
 * amqp-write-batching.ts), against the real RabbitMQ — and they arrive
 * complete and in order.
 */
describe('AMQP write batching', () => {
  const config = testConfig();
  let connection: ChannelModel;

  beforeAll(async () => {
    // A plain amqplib connection, as @nestjs/microservices opens them: the batching is not ours to opt into.
    connection = await amqp.connect(config.AMQP_URL, AMQP_SOCKET_OPTIONS);
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('sends 300 messages published in one turn in a handful of writes, all delivered in order', async () => {
    const channel = await connection.createChannel();
    const queue = `${config.AMQP_PREFIX}.write-batching.${randomUUID()}`;
    await channel.assertQueue(queue, { exclusive: true, autoDelete: true });
    const socket = (connection as unknown as { connection: { stream: Socket } }).connection.stream;
    const writes = countWrites(socket);

    const messages = 300;
    for (let index = 0; index < messages; index += 1) {
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ index, padding: 'x'.repeat(64) })));
    }
    const received: number[] = [];
    await new Promise<void>((resolve, reject) => {
      channel
        .consume(
          queue,
          (message) => {
            if (message) {
              received.push((JSON.parse(message.content.toString()) as { index: number }).index);
              if (received.length === messages) {
                resolve();
              }
            }
          },
          { noAck: true },
        )
        .catch(reject);
    });

    expect(received).toEqual(Array.from({ length: messages }, (_, index) => index));
    // About 40 KB of frames: a pass of the multiplexer stops at the socket's 16 KiB high-water mark and resumes on
    // 'drain', so three or four writes, and one for the consume; one write per frame would be 300.
    expect(writes.count).toBeGreaterThan(0);
    expect(writes.count).toBeLessThanOrEqual(10);
    await channel.close();
  });
});
