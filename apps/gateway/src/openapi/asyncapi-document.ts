import { ACTOR_HEADER, eventContracts, Events } from '@app/contracts';
import { openApiSchema } from './api-docs';

/**
 * The AsyncAPI 3.0 document of the RabbitMQ events an internal consumer may bind to, generated from the
 * @app/contracts registry (Events + eventContracts): each event is published by a service's outbox relay to the
 * topic exchange `<AMQP_PREFIX>.events` with the event name as routing key, the body
 * `{ "pattern": <event>, "data": <payload> }`, persistent, with the actor and (when traced) W3C traceparent headers.
 */
export function buildAsyncApiDocument(amqpPrefix: string): Record<string, unknown> {
  const exchange = `${amqpPrefix}.events`;
  const entries = Object.entries(Events);
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const [key, event] of entries) {
    const messageId = `${key}Message`;
    messages[messageId] = {
      name: event,
      title: event,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: {
          [ACTOR_HEADER]: { type: 'string', description: 'The actor the event was published for (JSON of ActorContext).' },
          traceparent: { type: 'string', description: 'W3C trace context, when tracing is on.' },
        },
      },
      payload: {
        type: 'object',
        required: ['pattern', 'data'],
        properties: { pattern: { const: event }, data: openApiSchema(eventContracts[event].payload) },
      },
      bindings: { amqp: { deliveryMode: 2, messageType: event, bindingVersion: '0.3.0' } },
    };
    channels[key] = {
      address: event,
      title: event,
      description: `Routing key ${event} on the topic exchange ${exchange}; bind your own durable queue to it.`,
      messages: { [messageId]: { $ref: `#/components/messages/${messageId}` } },
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: { name: exchange, type: 'topic', durable: true, autoDelete: false, vhost: '/' },
          bindingVersion: '0.3.0',
        },
      },
    };
    operations[`receive${key[0].toUpperCase()}${key.slice(1)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${key}` },
      messages: [{ $ref: `#/channels/${key}/messages/${messageId}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'inkan events',
      version: '0.1.0',
      description:
        'Facts published through each service outbox (at least once: dedupe on the AMQP messageId). ' +
        'The contract.* events are also delivered to companies as webhooks (see the OpenAPI document).',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
