import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Observable, Subject } from 'rxjs';
import { AppConfig } from '@app/config';
import { BulkSessionProgressed, Events, gatewayEvents } from '@app/contracts';
import {
  AmqpConnection,
  assertBroadcastHandlers,
  BroadcastHandlers,
  CONFIG,
  consumeBroadcast,
  declareTopology,
  LOGGER,
  topologyOf,
} from '@app/messaging';

/**
 * The bulk-sign events this gateway instance hears, for its progress
 * streams: a connection of its own whose set-up binds a queue of its own to
 * the gateway's events (gatewayEvents in @app/contracts), so that a new
 * connection binds a new one. What was published while the connection was
 * down is lost: `connected` tells the streams to read their sessions again.
 */
@Injectable()
export class BulkSignEvents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly progressed$ = new Subject<BulkSessionProgressed>();
  private readonly connected$ = new Subject<void>();
  private readonly connection: AmqpConnection;

  constructor(@Inject(CONFIG) config: AppConfig, @Inject(LOGGER) logger: Logger) {
    const handlers: BroadcastHandlers = {
      [Events.bulkSessionProgressed]: (payload) => this.progressed$.next(payload),
    };
    assertBroadcastHandlers('gateway', gatewayEvents, handlers);
    this.connection = new AmqpConnection(config.AMQP_URL, {
      name: 'inkan-gateway-events',
      reconnectSeconds: config.AMQP_RECONNECT_SECONDS,
      logger,
      setup: async (channel) => {
        await declareTopology(channel, topologyOf(config));
        await consumeBroadcast(channel, config.AMQP_PREFIX, gatewayEvents, handlers, logger);
      },
    });
    // A stream opened before this connection bound its queue may have missed events, as may every stream after a loss.
    this.connection.on('connected', () => this.connected$.next());
  }

  /** Every session's progress events, as this instance hears them. */
  get progressed(): Observable<BulkSessionProgressed> {
    return this.progressed$.asObservable();
  }

  /** Each time the connection (and its queue) is up again, the first time included: events may have been missed. */
  get connected(): Observable<void> {
    return this.connected$.asObservable();
  }

  onApplicationBootstrap(): void {
    this.connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
    this.progressed$.complete();
    this.connected$.complete();
  }
}
