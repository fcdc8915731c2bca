import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@app/config';
import { createLogger, PinoNestLogger } from '@app/messaging';
import { startTracing } from '@app/observability';
import { SigningModule } from './signing.module';
import { missingWorkerNodeOptions, SIGNING_WORKER_NODE_OPTIONS } from './worker-node-options';

/**
 * The signing-worker entry point: the same service code without the RabbitMQ
 * consumer, so any number of worker processes can run beside one signing
 * service (`docker compose up --scale signing-worker=4`): each takes
 * bulk-sign document jobs from BullMQ (BULK_SIGN_CONCURRENCY at a time).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit('signing-worker');
  startTracing({ serviceName: 'signing-worker', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const logger = createLogger('signing-worker', config.LOG_LEVEL);
  const missing = missingWorkerNodeOptions(process.execArgv);
  if (missing.length > 0) {
    // It works without them, at more CPU per document (worker-node-options.ts).
    logger.warn(
      { missing, start: `node ${SIGNING_WORKER_NODE_OPTIONS.join(' ')} dist/apps/signing/src/worker.js` },
      'signing-worker started without its Node.js options: under load V8 collects its whole heap about twice a second',
    );
  }
  const app = await NestFactory.createApplicationContext(SigningModule.forRoot(config, logger, { role: 'worker' }), {
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks();
  await app.init();
  logger.info('signing-worker ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`signing-worker failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
