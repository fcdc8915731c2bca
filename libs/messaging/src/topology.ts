import type { Channel } from 'amqplib';
import { ALL_SERVICES, eventSubscribers, ServiceName } from '@app/contracts';

export interface TopologySettings {
  prefix: string;
  deliveryLimit: number;
}

export const eventsExchange = (prefix: string) => `${prefix}.events`;
export const deadLetterExchange = (prefix: string) => `${prefix}.dead-letter`;
export const serviceQueue = (prefix: string, service: ServiceName) => `${prefix}.${service}`;
/**
 * Events have a queue of their own beside the service's request queue, so a
 * request (a user waiting, with a timeout) never waits behind a backlog of
 * events such as the thousands a bulk-sign batch produces.
 */
export const serviceEventQueue = (prefix: string, service: ServiceName) => `${serviceQueue(prefix, service)}.events`;
export const deadLetterQueue = (prefix: string, service: ServiceName) => `${serviceQueue(prefix, service)}.dead`;
/**
 * Health pings have a queue of their own too: behind a backlog of requests
 * (a login flood queues hundreds in identity's request queue) a ping waited
 * past the health timeout and /health answered 503 for a service that was
 * working through its load. A ping nobody takes within a minute expires.
 */
export const serviceControlQueue = (prefix: string, service: ServiceName) => `${serviceQueue(prefix, service)}.control`;
export const controlQueueOptions = { durable: true, arguments: { 'x-queue-type': 'classic', 'x-message-ttl': 60_000 } };

/**
 * Service queues are quorum queues: durable, replicated where there are
 * several nodes, and with a delivery limit after which a message that keeps
 * failing is dead-lettered instead of looping for ever.
 * Every declarer must pass identical arguments, hence this one function.
 */
export function serviceQueueOptions(settings: TopologySettings, service: ServiceName) {
  return {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': settings.deliveryLimit,
      'x-dead-letter-exchange': deadLetterExchange(settings.prefix),
      'x-dead-letter-routing-key': serviceQueue(settings.prefix, service),
    },
  };
}

/**
 * Declares every exchange, queue and binding of the platform. Idempotent, and
 * run by every server and by every outbox relay before it publishes: an event
 * is routed to its subscribers' durable queues even if they have never run.
 */
export async function declareTopology(channel: Channel, settings: TopologySettings): Promise<void> {
  await channel.assertExchange(eventsExchange(settings.prefix), 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchange(settings.prefix), 'direct', { durable: true });
  for (const service of ALL_SERVICES) {
    const queue = serviceQueue(settings.prefix, service);
    await channel.assertQueue(queue, serviceQueueOptions(settings, service));
    await channel.assertQueue(serviceEventQueue(settings.prefix, service), serviceQueueOptions(settings, service));
    await channel.assertQueue(deadLetterQueue(settings.prefix, service), { durable: true });
    await channel.assertQueue(serviceControlQueue(settings.prefix, service), controlQueueOptions);
    await channel.bindQueue(deadLetterQueue(settings.prefix, service), deadLetterExchange(settings.prefix), queue);
  }
  for (const [event, subscribers] of Object.entries(eventSubscribers)) {
    for (const service of subscribers) {
      await channel.bindQueue(serviceEventQueue(settings.prefix, service), eventsExchange(settings.prefix), event);
      // Events were once routed to the request queue; what is still there is consumed, nothing new arrives.
      await channel.unbindQueue(serviceQueue(settings.prefix, service), eventsExchange(settings.prefix), event);
    }
  }
}
