import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { EventName, EventPayload, isEventName, payloadSchemaOf } from '@app/contracts';
import { eventsExchange } from './topology';

/** What a broadcast consumer does with each event it is sent, by name. */
export type BroadcastHandlers = { [E in EventName]?: (payload: EventPayload<E>) => void };

/**
 * Binds a queue of this process's own — named by the broker, exclusive,
 * deleted with the connection — to `events`, and hands each event, once its
 * payload passed its schema, to its handler. For events every instance of a
 * process must hear (the gateway's progress streams), not for work: nothing
 * is acknowledged, redelivered or kept while the process is away, and an
 * event that fails its schema is logged and dropped. Run it in a
 * connection's set-up, so a new connection binds a new queue.
 */
export async function consumeBroadcast(
  channel: Channel,
  prefix: string,
  events: readonly EventName[],
  handlers: BroadcastHandlers,
  logger: Logger,
): Promise<void> {
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
  for (const event of events) {
    await channel.bindQueue(queue, eventsExchange(prefix), event);
  }
  await channel.consume(
    queue,
    (message) => {
      if (message) {
        deliver(message, handlers, logger);
      }
    },
    { noAck: true },
  );
}

function deliver(message: ConsumeMessage, handlers: BroadcastHandlers, logger: Logger): void {
  let event: unknown;
  let data: unknown;
  try {
    ({ pattern: event, data } = JSON.parse(message.content.toString('utf8')) as { pattern?: unknown; data?: unknown });
  } catch {
    logger.warn({ messageId: message.properties.messageId }, 'broadcast event is not JSON; dropped');
    return;
  }
  const handler =
    typeof event === 'string' && isEventName(event) ? (handlers[event] as ((payload: unknown) => void) | undefined) : undefined;
  const parsed = handler ? payloadSchemaOf(event as EventName)?.safeParse(data) : undefined;
  if (!handler || !parsed?.success) {
    logger.warn({ messageId: message.properties.messageId, event }, 'broadcast event without a handler or breaking its contract; dropped');
    return;
  }
  try {
    handler(parsed.data);
  } catch (error) {
    logger.error({ err: error, event }, 'broadcast event handler failed');
  }
}

/** A process's handlers must be exactly the events routed to it: refuses to start otherwise (as the RMQ server does). */
export function assertBroadcastHandlers(owner: string, routed: readonly EventName[], handlers: BroadcastHandlers): void {
  const handled = Object.keys(handlers);
  const unrouted = handled.filter((event) => !routed.includes(event as EventName));
  const unhandled = routed.filter((event) => !handled.includes(event));
  if (unrouted.length > 0 || unhandled.length > 0) {
    throw new Error(
      `Event handlers of ${owner} do not match @app/contracts: ` +
        `handled but not routed [${unrouted.join(', ')}], routed but not handled [${unhandled.join(', ')}]`,
    );
  }
}
