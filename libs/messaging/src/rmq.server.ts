import { setTimeout as sleep } from 'node:timers/promises';
import { RmqContext, ServerRMQ } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage, MessageProperties } from 'amqplib';
import type { Logger } from 'pino';
import { lastValueFrom } from 'rxjs';
import { ACTOR_HEADER, ActorContext, actorContextSchema, AppError, ErrorReply, eventSubscribers, ServiceName } from '@app/contracts';
import { contextFrom, EventOutcome, inSpan, markSpan, PlatformMetrics, RpcOutcome, SpanKind, UNKNOWN_PATTERN } from '@app/observability';
import { AMQP_SOCKET_OPTIONS } from './amqp-connection';
import { guardConnectionManager } from './amqp-guards';
import { DeliveryGuard } from './delivery-guard';
import { MessageContext, runInContext } from './message-context';
import {
  deadLetterQueue,
  declareTopology,
  serviceControlQueue,
  serviceEventQueue,
  serviceQueue,
  serviceQueueOptions,
  TopologySettings,
} from './topology';

const CONTROL_PREFETCH = 4;

export interface RmqServerSettings extends TopologySettings {
  url: string;
  service: ServiceName;
  /** Unacknowledged requests per service process. */
  prefetch: number;
  /** Unacknowledged events per service process: the most a batching handler can gather at once. */
  eventPrefetch: number;
  reconnectSeconds: number;
  logger: Logger;
}

/**
 * Nest's RMQ transport with the guarantees inkan needs: durable quorum queues,
 * persistent messages, manual acknowledgement only after the handler (and so
 * its transaction) has finished, bounded prefetch, dead-lettering, and the
 * actor context of every message bound for the handler and the logs.
 */
export class InkanRmqServer extends ServerRMQ {
  private readonly log: Logger;
  private guard: DeliveryGuard | undefined;
  private metrics: PlatformMetrics | undefined;

  constructor(private readonly settings: RmqServerSettings) {
    super({
      urls: [settings.url],
      queue: serviceQueue(settings.prefix, settings.service),
      queueOptions: serviceQueueOptions(settings, settings.service),
      noAck: false,
      persistent: true,
      prefetchCount: settings.prefetch,
      socketOptions: {
        reconnectTimeInSeconds: settings.reconnectSeconds,
        heartbeatIntervalInSeconds: 5,
        connectionOptions: AMQP_SOCKET_OPTIONS,
      },
    });
    this.log = settings.logger;
  }

  /** Records deliveries in flight from now on, so that one that crashes a process is parked, not redelivered into a crash loop. */
  useDeliveryGuard(guard: DeliveryGuard | undefined): void {
    this.guard = guard;
  }

  /** Counts every delivery by pattern and outcome, with its handling time (libs/observability). */
  useMetrics(metrics: PlatformMetrics | undefined): void {
    this.metrics = metrics;
  }

  /** Nest's connection, with every channel error handled (a lost broker must never end the process). */
  override createClient<T = AmqpConnectionManager>(): T {
    const manager = super.createClient<AmqpConnectionManager>();
    return guardConnectionManager(manager, {
      name: `rpc-server:${this.settings.service}`,
      reconnectSeconds: this.settings.reconnectSeconds,
      logger: this.log,
    }) as T;
  }

  /** Refuses to boot before connecting: a check inside the channel set-up would only be retried, never fatal. */
  override async listen(callback: (err?: unknown, ...optionalParams: unknown[]) => void): Promise<void> {
    try {
      this.assertHandlersMatchRegistry();
    } catch (error) {
      callback(error);
      return;
    }
    await super.listen(callback);
  }

  /** Consumes the request queue (Nest's own consumer), the event queue and the ping queue, each with its own prefetch window. */
  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    await declareTopology(channel, this.settings);
    await super.setupChannel(channel, () => undefined);
    // A consumer's window is the prefetch set last before it starts (per consumer, not per channel).
    await channel.prefetch(this.settings.eventPrefetch);
    await channel.consume(serviceEventQueue(this.settings.prefix, this.settings.service), (message) => {
      this.handleMessage(message as unknown as Record<string, unknown> | null, channel).catch((error: unknown) =>
        this.log.error({ err: error }, 'event could not be handled'),
      );
    });
    // Pings (health) on their own queue and window, never behind a backlog of requests.
    await channel.prefetch(CONTROL_PREFETCH);
    await channel.consume(serviceControlQueue(this.settings.prefix, this.settings.service), (message) => {
      this.handleMessage(message as unknown as Record<string, unknown> | null, channel).catch((error: unknown) =>
        this.log.error({ err: error }, 'ping could not be handled'),
      );
    });
    callback();
  }

  /** A handler for an event nobody routes to this service would never run: refuse to boot. */
  private assertHandlersMatchRegistry(): void {
    const handled = [...this.getHandlers()].filter(([, handler]) => handler.isEventHandler).map(([event]) => event);
    const routed = Object.entries(eventSubscribers)
      .filter(([, services]) => services.includes(this.settings.service))
      .map(([event]) => event);
    const unrouted = handled.filter((event) => !routed.includes(event));
    const unhandled = routed.filter((event) => !handled.includes(event));
    if (unrouted.length > 0 || unhandled.length > 0) {
      throw new Error(
        `Event handlers of ${this.settings.service} do not match eventSubscribers in @app/contracts: ` +
          `handled but not routed [${unrouted.join(', ')}], routed but not handled [${unhandled.join(', ')}]`,
      );
    }
  }

  override async handleMessage(delivery: Record<string, unknown> | null, channel: Channel): Promise<void> {
    const message = delivery as ConsumeMessage | null;
    if (!message) {
      return; // the broker cancelled the consumer; amqp-connection-manager re-subscribes
    }
    const started = performance.now();
    const packet = parsePacket(message.content);
    if (!packet) {
      this.log.error({ messageId: message.properties.messageId }, 'unreadable message dead-lettered');
      this.observe(undefined, 'dead-letter', started);
      return settle(channel, message, 'dead-letter');
    }
    const { pattern, id } = packet;
    const actor = readActor(message.properties);
    if (!actor) {
      this.log.error({ pattern }, 'message without a valid actor context dead-lettered');
      if (id !== undefined) {
        this.replyError(message, id, AppError.of('VALIDATION_FAILED', [{ path: ACTOR_HEADER, message: 'missing or invalid' }]).reply);
      }
      this.observe(packet, 'dead-letter', started);
      return settle(channel, message, 'dead-letter');
    }

    // A ping touches nothing and crashes nothing: it is not worth a write per health check.
    const guarded = message.fields.routingKey !== serviceControlQueue(this.settings.prefix, this.settings.service);
    const messageId = guarded ? (message.properties.messageId as string | undefined) : undefined;
    if (this.guard && messageId) {
      const verdict = await this.guard.begin(messageId, pattern, message.fields.redelivered).catch((error: unknown) => {
        this.log.warn({ err: error, pattern }, 'delivery could not be recorded as in flight; requeued');
        return { kind: 'later' } as const;
      });
      if (verdict.kind === 'later') {
        await sleep(1_000);
        return settle(channel, message, 'requeue');
      }
      if (verdict.kind === 'park') {
        this.log.error({ pattern, messageId, reason: verdict.reason }, 'message parked: its last delivery ended the process handling it');
        if (id !== undefined) {
          this.replyError(message, id, AppError.of('INTERNAL').reply);
        }
        this.observe(packet, 'dead-letter', started);
        return this.park(channel, message, verdict.reason);
      }
    }
    try {
      await this.handleInContext(channel, message, packet, actor, started);
    } finally {
      if (this.guard && messageId) {
        this.guard.end(messageId);
      }
    }
  }

  private async handleInContext(channel: Channel, message: ConsumeMessage, packet: Packet, actor: ActorContext, started: number) {
    const { pattern, id } = packet;
    const isRpc = id !== undefined;
    const context = { actor, pattern, messageId: message.properties.messageId as string | undefined, metrics: this.metrics };
    // The handling span continues the sender's trace (its `traceparent` header), else starts one.
    const span = {
      kind: isRpc ? SpanKind.SERVER : SpanKind.CONSUMER,
      parent: contextFrom(message.properties.headers),
      attributes: {
        'messaging.system': 'rabbitmq',
        'inkan.service': this.settings.service,
        [isRpc ? 'rpc.method' : 'messaging.event']: pattern,
      },
    };
    if (message.fields.routingKey === serviceControlQueue(this.settings.prefix, this.settings.service)) {
      return this.handleTraced(channel, message, packet, context, started); // pings: no trace each few seconds
    }
    await inSpan(`${isRpc ? 'handle' : 'event'} ${pattern}`, span, () => this.handleTraced(channel, message, packet, context, started));
  }

  private async handleTraced(channel: Channel, message: ConsumeMessage, packet: Packet, context: MessageContext, started: number) {
    const { pattern, id } = packet;
    const isRpc = id !== undefined;
    await runInContext(context, async () => {
      const handler = this.getHandlerByPattern(pattern);
      if (!handler) {
        this.log.error({ pattern }, 'no handler for message; dead-lettered');
        if (id !== undefined) {
          this.replyError(message, id, AppError.of('NO_HANDLER').reply);
        }
        this.observe(packet, 'dead-letter', started);
        return settle(channel, message, 'dead-letter');
      }
      try {
        const rmqContext = new RmqContext([message, channel, pattern]);
        const result: unknown = await lastValueFrom(this.transformToObservable<unknown>(await handler(packet.data, rmqContext)), {
          defaultValue: undefined,
        });
        if (id !== undefined) {
          this.reply(message, { id, response: result, isDisposed: true });
        }
        settle(channel, message, 'ack');
        this.observe(packet, 'ok', started);
        this.log.info({ pattern, ms: elapsed(started) }, isRpc ? 'rpc handled' : 'event handled');
      } catch (error) {
        await this.handleFailure(channel, message, packet, error, started);
      }
    });
  }

  private async handleFailure(channel: Channel, message: ConsumeMessage, { pattern, id }: Packet, error: unknown, started: number) {
    const reply = toErrorReply(error);
    markSpan(reply.status >= 500 ? 'failed' : 'refused', reply.code);
    if (reply.status >= 500) {
      this.log.error({ pattern, err: error, ms: elapsed(started) }, 'handler failed');
    } else {
      this.log.info({ pattern, code: reply.code, ms: elapsed(started) }, 'handler refused the message');
    }
    if (id !== undefined) {
      // The caller gets the answer now; re-running a request it no longer waits for helps nobody.
      this.replyError(message, id, reply);
      this.observe({ pattern, id }, reply.status < 500 ? 'refused' : 'failed', started);
      return settle(channel, message, 'ack');
    }
    if (reply.status < 500) {
      this.observe({ pattern }, 'dead-letter', started);
      return settle(channel, message, 'dead-letter'); // it will never succeed: a poison message
    }
    this.observe({ pattern }, 'retried', started);
    // Transient: back off, then requeue. The quorum queue counts deliveries and
    // dead-letters the message once the limit is reached.
    const attempt = Number(message.properties.headers?.['x-delivery-count'] ?? 0);
    await sleep(Math.min(100 * 2 ** attempt, 5_000));
    settle(channel, message, 'requeue');
  }

  /**
   * Moves a message to the service's dead-letter queue with the reason in its
   * headers (where operators look, and from where it can be re-driven), then
   * acknowledges it. Should the ack be lost, the next delivery is parked again.
   */
  private park(channel: Channel, message: ConsumeMessage, reason: string): void {
    try {
      channel.sendToQueue(deadLetterQueue(this.settings.prefix, this.settings.service), message.content, {
        ...message.properties,
        headers: {
          ...message.properties.headers,
          'x-inkan-parked-reason': reason,
          'x-inkan-parked-from': message.fields.routingKey,
          // Where it was published ('' for the default exchange: an RPC request), for `npm run dead-letters -- redrive`.
          'x-inkan-parked-exchange': message.fields.exchange,
          'x-inkan-parked-at': new Date().toISOString(),
        },
        persistent: true,
      });
    } catch (error) {
      this.log.warn({ err: error }, 'parked message could not be moved; it is redelivered and parked again');
      return;
    }
    settle(channel, message, 'ack');
  }

  /**
   * One delivery in the metrics: an RPC (it has an ID) or an event, under its pattern when this
   * service handles that pattern, else under one "unknown" label (a poison message's pattern is
   * anything its sender wrote).
   */
  private observe(
    packet: Pick<Packet, 'pattern' | 'id'> | undefined,
    outcome: 'ok' | 'refused' | 'failed' | 'dead-letter' | 'retried',
    started: number,
  ): void {
    const metrics = this.metrics;
    if (!metrics) {
      return;
    }
    const pattern = packet && this.getHandlerByPattern(packet.pattern) ? packet.pattern : UNKNOWN_PATTERN;
    const seconds = (performance.now() - started) / 1_000;
    if (packet?.id !== undefined) {
      const rpcOutcome: RpcOutcome = outcome === 'dead-letter' ? 'dead-lettered' : outcome === 'retried' ? 'failed' : outcome;
      metrics.rpcHandled.inc({ pattern, outcome: rpcOutcome });
      metrics.rpcDuration.observe({ pattern, outcome: rpcOutcome }, seconds);
      return;
    }
    const eventOutcome: EventOutcome = outcome === 'ok' ? 'ok' : outcome === 'retried' ? 'retried' : 'dead-lettered';
    metrics.eventsHandled.inc({ event: pattern, outcome: eventOutcome });
    metrics.eventDuration.observe({ event: pattern }, seconds);
  }

  private reply(message: ConsumeMessage, body: Record<string, unknown>): void {
    const replyTo = message.properties.replyTo as string | undefined;
    const correlationId = message.properties.correlationId as string | undefined;
    const channel = this.channel as ChannelWrapper | null;
    if (!replyTo || !channel) {
      return;
    }
    channel.sendToQueue(replyTo, Buffer.from(JSON.stringify(body)), { correlationId }).catch((error: unknown) => {
      this.log.warn({ err: error }, 'reply could not be sent');
    });
  }

  private replyError(message: ConsumeMessage, id: string, reply: ErrorReply): void {
    this.reply(message, { id, err: reply, isDisposed: true });
  }
}

interface Packet {
  pattern: string;
  data: unknown;
  id?: string;
}

function parsePacket(content: Buffer): Packet | undefined {
  try {
    const value = JSON.parse(content.toString('utf8')) as Partial<Packet>;
    if (typeof value?.pattern !== 'string') {
      return undefined;
    }
    return { pattern: value.pattern, data: value.data, id: typeof value.id === 'string' ? value.id : undefined };
  } catch {
    return undefined;
  }
}

function readActor(properties: MessageProperties): ActorContext | undefined {
  const raw: unknown = properties.headers?.[ACTOR_HEADER];
  if (typeof raw !== 'string') {
    return undefined;
  }
  try {
    const parsed = actorContextSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof AppError) {
    return error.reply;
  }
  return AppError.of('INTERNAL').reply;
}

type Outcome = 'ack' | 'requeue' | 'dead-letter';

/** A channel that closed meanwhile cannot settle; the broker redelivers, and the inbox dedupes. */
function settle(channel: Channel, message: ConsumeMessage, outcome: Outcome): void {
  try {
    if (outcome === 'ack') {
      channel.ack(message);
    } else {
      channel.nack(message, false, outcome === 'requeue');
    }
  } catch {
    // channel already closed
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
