import { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { METRICS, PlatformMetrics } from '@app/observability';
import { AmqpConnection } from './amqp-connection';
import { ServiceClient } from './service-client';
import { LOGGER } from './tokens';
import { declareTopology, TopologySettings } from './topology';

export function topologyOf(config: AppConfig): TopologySettings {
  return { prefix: config.AMQP_PREFIX, deliveryLimit: config.AMQP_DELIVERY_LIMIT };
}

/** A reconnecting confirm-channel connection that declares the platform topology on connect. */
export function amqpConnectionProvider(config: AppConfig, logger: Logger, name: string): Provider {
  return {
    provide: AmqpConnection,
    useFactory: () =>
      new AmqpConnection(config.AMQP_URL, {
        name,
        reconnectSeconds: config.AMQP_RECONNECT_SECONDS,
        logger,
        setup: (channel) => declareTopology(channel, topologyOf(config)),
      }),
  };
}

export function serviceClientProvider(config: AppConfig): Provider {
  return {
    provide: ServiceClient,
    inject: [LOGGER, { token: METRICS, optional: true }],
    useFactory: (logger: Logger, metrics: PlatformMetrics | undefined) =>
      new ServiceClient({
        url: config.AMQP_URL,
        timeoutMs: config.RPC_TIMEOUT_MS,
        reconnectSeconds: config.AMQP_RECONNECT_SECONDS,
        logger,
        metrics,
        ...topologyOf(config),
      }),
  };
}
