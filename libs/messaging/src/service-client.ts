import { randomUUID } from 'node:crypto';
import { ClientRMQ, RmqOptions, RmqRecord } from '@nestjs/microservices';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { Channel } from 'amqplib';
import type { Logger } from 'pino';
import { Subscription, timeout, TimeoutError } from 'rxjs';
import {
  ACTOR_HEADER,
  ActorContext,
  AppError,
  parseOrThrow,
  patternOwner,
  pingPatternOf,
  RpcPattern,
  RpcPayload,
  RpcReply,
  rpcContracts,
  ServiceName,
} from '@app/contracts';
import { inSpan, PlatformMetrics, SpanKind, traceHeaders } from '@app/observability';
import { AMQP_SOCKET_OPTIONS } from './amqp-connection';
import { guardConnectionManager } from './amqp-guards';
import { createLogger } from './logger';
import { currentActor, outsideContext } from './message-context';
import { controlQueueOptions, serviceControlQueue, serviceQueue, serviceQueueOptions, TopologySettings } from './topology';

const PING_PATTERNS: ReadonlySet<string> = new Set(Object.values(pingPatternOf));

export interface ServiceClientSettings extends TopologySettings {
  url: string;
  timeoutMs: number;
  reconnectSeconds: number;
  /** Where broker trouble is logged; a logger of its own when not given. */
  logger?: Logger;
  /** Counts the calls by pattern and outcome, with the time to their reply. */
  metrics?: PlatformMetrics;
}

/**
 * Typed request/response to the other services. Each pattern is sent to the
 * queue of the service that owns it, with the caller's actor context in the
 * headers, and the reply is checked against the contract.
 */
export class ServiceClient {
  private readonly clients = new Map<string, InkanClientRMQ>();

  constructor(private readonly settings: ServiceClientSettings) {}

  async send<P extends RpcPattern>(
    pattern: P,
    payload: RpcPayload<P>,
    options: { actor?: ActorContext; timeoutMs?: number } = {},
  ): Promise<RpcReply<P>> {
    const actor = options.actor ?? currentActor();
    if (PING_PATTERNS.has(pattern)) {
      return this.request(pattern, payload, actor, options.timeoutMs); // health checks: no trace each few seconds
    }
    // One client span per call; its `traceparent` travels in the AMQP headers to the handler's span.
    return inSpan(`rpc ${pattern}`, { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'rabbitmq', 'rpc.method': pattern } }, () =>
      this.request(pattern, payload, actor, options.timeoutMs),
    );
  }

  private async request<P extends RpcPattern>(
    pattern: P,
    payload: RpcPayload<P>,
    actor: ActorContext,
    timeoutMs: number | undefined,
  ): Promise<RpcReply<P>> {
    const record = new RmqRecord(payload, {
      headers: { ...traceHeaders(), [ACTOR_HEADER]: JSON.stringify(actor) },
      messageId: randomUUID(),
      persistent: true,
      contentType: 'application/json',
    });
    let reply: unknown;
    const started = performance.now();
    try {
      reply = await this.clientFor(patternOwner[pattern], PING_PATTERNS.has(pattern)).request(
        pattern,
        record,
        timeoutMs ?? this.settings.timeoutMs,
      );
      this.observe(pattern, 'ok', started);
    } catch (error) {
      const appError = toAppError(error);
      const status = appError.reply.status;
      this.observe(pattern, status === 503 || status === 504 ? 'unavailable' : status < 500 ? 'refused' : 'failed', started);
      throw appError;
    }
    // A reply may carry text read from a document (a certificate subject): only input is refused for control characters.
    return parseOrThrow(rpcContracts[pattern].reply, reply, { allowControlCharacters: true }) as RpcReply<P>;
  }

  private observe(pattern: RpcPattern, outcome: 'ok' | 'refused' | 'failed' | 'unavailable', started: number): void {
    this.settings.metrics?.rpcCalls.inc({ pattern, outcome });
    this.settings.metrics?.rpcCallDuration.observe({ pattern, outcome }, (performance.now() - started) / 1_000);
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    this.clients.clear();
  }

  private clientFor(service: ServiceName, control: boolean): InkanClientRMQ {
    const key = control ? `${service}:control` : service;
    let client = this.clients.get(key);
    if (!client) {
      client = outsideContext(() => this.connect(service, control));
      this.clients.set(key, client);
    }
    return client;
  }

  /** Connects at once, outside the caller's context: the connection outlives the request that first needed it. */
  private connect(service: ServiceName, control: boolean): InkanClientRMQ {
    const client = new InkanClientRMQ(this.settings, {
      urls: [this.settings.url],
      // Pings go to the service's control queue, past any backlog of requests (see serviceControlQueue).
      queue: control ? serviceControlQueue(this.settings.prefix, service) : serviceQueue(this.settings.prefix, service),
      queueOptions: control ? controlQueueOptions : serviceQueueOptions(this.settings, service),
      persistent: true,
      socketOptions: {
        reconnectTimeInSeconds: this.settings.reconnectSeconds,
        heartbeatIntervalInSeconds: 5,
        connectionOptions: AMQP_SOCKET_OPTIONS,
      },
    });
    // Nest emits connection errors on this stream; unobserved they would be unhandled.
    client.status.subscribe({ error: () => undefined });
    // A failed first connection is retried by the next send, which reports it.
    client.connect().catch(() => undefined);
    return client;
  }
}

let fallbackLogger: Logger | undefined;

/**
 * Nest's RMQ client, made safe to lose the broker: its connection's channel
 * errors are handled (see guardConnectionManager), and a request waiting for
 * its reply fails at once with SERVICE_UNAVAILABLE (503, retryable) when the
 * connection drops — the reply, addressed to this connection's direct
 * reply-to consumer, can no longer arrive, so waiting out the timeout would
 * only hold the caller.
 */
class InkanClientRMQ extends ClientRMQ {
  private readonly waiting = new Set<(error: AppError) => void>();

  constructor(
    private readonly settings: ServiceClientSettings,
    options: NonNullable<RmqOptions['options']>,
  ) {
    super(options);
  }

  override createClient(): AmqpConnectionManager {
    // Nest types its connection as `any`.
    const manager = guardConnectionManager(super.createClient() as AmqpConnectionManager, {
      name: `rpc-client:${this.queue}`,
      reconnectSeconds: this.settings.reconnectSeconds,
      logger: this.settings.logger ?? (fallbackLogger ??= createLogger('rpc-client', 'info')),
    });
    manager.on('disconnect', () => {
      for (const fail of [...this.waiting]) {
        fail(AppError.of('SERVICE_UNAVAILABLE'));
      }
    });
    return manager;
  }

  /** As Nest's, but a cancelled reply consumer (a null delivery) is not dereferenced. */
  override async consumeChannel(channel: Channel): Promise<void> {
    await channel.consume(
      this.replyQueue,
      (message) => {
        if (message) {
          this.responseEmitter.emit(message.properties.correlationId as string, message);
        }
      },
      { noAck: true },
    );
  }

  /** The first reply to `pattern`, failing on timeout or as soon as the connection is lost. */
  request(pattern: string, record: RmqRecord, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      // A subscription that fails synchronously finishes before it is assigned.
      const current: { subscription?: Subscription } = {};
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) {
          return;
        }
        settled = true;
        this.waiting.delete(fail);
        current.subscription?.unsubscribe();
        outcome();
      };
      // Nest rejects with the service's error reply (a plain object); toAppError reads either.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      const fail = (error: unknown) => finish(() => reject(error));
      this.waiting.add(fail);
      current.subscription = this.send(pattern, record)
        .pipe(timeout(timeoutMs))
        .subscribe({
          next: (value: unknown) => finish(() => resolve(value)),
          error: fail,
          complete: () => finish(() => resolve(undefined)),
        });
      if (settled) {
        current.subscription.unsubscribe();
      }
    });
  }
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) {
    return error;
  }
  if (error instanceof TimeoutError) {
    return AppError.of('TIMEOUT');
  }
  if (AppError.isErrorReply(error)) {
    return new AppError(error);
  }
  return AppError.of('SERVICE_UNAVAILABLE');
}
