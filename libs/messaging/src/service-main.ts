import { DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig, loadConfigOrExit } from '@app/config';
import { ServiceName } from '@app/contracts';
import { startTracing } from '@app/observability';
import { startService } from './bootstrap';
import { createLogger } from './logger';

/** The `main` of every RabbitMQ service: validate config, start, or explain and exit. */
export function runServiceMain(service: ServiceName, moduleFor: (config: AppConfig, logger: Logger) => DynamicModule): void {
  const config = loadConfigOrExit(service);
  startTracing({ serviceName: service, endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const logger = createLogger(service, config.LOG_LEVEL);
  startService(service, moduleFor(config, logger), config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, `${service} failed to start`);
    logger.flush();
    setTimeout(() => process.exit(1), 100);
  });
}
