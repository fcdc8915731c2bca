import { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { PlatformMetrics } from '@app/observability';
import { ServiceName } from '@app/contracts';
import { ContractValidationPipe } from './contract-validation.pipe';
import { PinoNestLogger } from './logger';
import { PassThroughRpcFilter } from './pass-through.filter';
import { DeliveryGuard } from './delivery-guard';
import { InkanRmqServer } from './rmq.server';

/**
 * Starts one service as a Nest microservice on its RabbitMQ queue. Resolves
 * once migrations are applied and the service consumes its queue.
 */
export async function startService(
  service: ServiceName,
  module: DynamicModule,
  config: AppConfig,
  logger: Logger,
  options: { shutdownHooks?: boolean } = {},
): Promise<INestMicroservice> {
  const strategy = new InkanRmqServer({
    url: config.AMQP_URL,
    service,
    prefix: config.AMQP_PREFIX,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    prefetch: config.AMQP_PREFETCH,
    eventPrefetch: config.AMQP_EVENT_PREFETCH,
    reconnectSeconds: config.AMQP_RECONNECT_SECONDS,
    logger,
  });
  const app = await NestFactory.createMicroservice(module, { strategy, logger: new PinoNestLogger(logger) });
  strategy.useDeliveryGuard(DeliveryGuard.of(service));
  strategy.useMetrics(PlatformMetrics.of(service));
  app.useGlobalPipes(new ContractValidationPipe());
  app.useGlobalFilters(new PassThroughRpcFilter());
  if (options.shutdownHooks ?? true) {
    app.enableShutdownHooks();
  }
  await app.listen();
  logger.info({ queue: `${config.AMQP_PREFIX}.${service}` }, `${service} is consuming its queue`);
  return app;
}
