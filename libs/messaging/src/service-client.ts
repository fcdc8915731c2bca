import { randomUUID } from 'node:crypto';
import { ClientRMQ, RmqRecord } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import {
  ACTOR_HEADER,
  ActorContext,
  AppError,
  parseOrThrow,
  patternOwner,
  RpcPattern,
  RpcPayload,
  RpcReply,
  rpcContracts,
  ServiceName,
} from '@app/contracts';
import { AMQP_SOCKET_OPTIONS } from './amqp-connection';
import { currentActor, outsideContext } from './message-context';
import { serviceQueue, serviceQueueOptions, TopologySettings } from './topology';

export interface ServiceClientSettings extends TopologySettings {
  url: string;
  timeoutMs: number;
  reconnectSeconds: number;
}

/**
 * Typed request/response to the other services. Each pattern is sent to the
 * queue of the service that owns it, with the caller's actor context in the
 * headers, and the reply is checked against the contract.
 */
export class ServiceClient {
  private readonly clients = new Map<ServiceName, ClientRMQ>();

  constructor(private readonly settings: ServiceClientSettings) {}

  async send<P extends RpcPattern>(
    pattern: P,
    payload: RpcPayload<P>,
    options: { actor?: ActorContext; timeoutMs?: number } = {},
  ): Promise<RpcReply<P>> {
    const actor = options.actor ?? currentActor();
    const record = new RmqRecord(payload, {
      headers: { [ACTOR_HEADER]: JSON.stringify(actor) },
      messageId: randomUUID(),
      persistent: true,
      contentType: 'application/json',
    });
    let reply: unknown;
    try {
      reply = await firstValueFrom(
        this.clientFor(patternOwner[pattern])
          .send(pattern, record)
          .pipe(timeout(options.timeoutMs ?? this.settings.timeoutMs)),
      );
    } catch (error) {
      throw toAppError(error);
    }
    // A reply may carry text read from a document (a certificate subject): only input is refused for control characters.
    return parseOrThrow(rpcContracts[pattern].reply, reply, { allowControlCharacters: true }) as RpcReply<P>;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    this.clients.clear();
  }

  private clientFor(service: ServiceName): ClientRMQ {
    let client = this.clients.get(service);
    if (!client) {
      client = outsideContext(() => this.connect(service));
      this.clients.set(service, client);
    }
    return client;
  }

  /** Connects at once, outside the caller's context: the connection outlives the request that first needed it. */
  private connect(service: ServiceName): ClientRMQ {
    const client = new ClientRMQ({
      urls: [this.settings.url],
      queue: serviceQueue(this.settings.prefix, service),
      queueOptions: serviceQueueOptions(this.settings, service),
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
