import { INestMicroservice } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@app/config';
import { ServiceName, Services } from '@app/contracts';
import { startService } from '@app/messaging/bootstrap';
import { ContractWorkflowModule } from '@apps/contract-workflow/src/contract-workflow.module';
import { createGatewayApp, GatewayOptions } from '@apps/gateway/src/gateway.app';
import { IdentityModule } from '@apps/identity/src/identity.module';
import { NotificationModule } from '@apps/notification/src/notification.module';
import { SigningModule } from '@apps/signing/src/signing.module';
import { LogCapture } from '@app/testing';

const modules = {
  [Services.identity]: IdentityModule,
  [Services.contractWorkflow]: ContractWorkflowModule,
  [Services.signing]: SigningModule,
  [Services.notification]: NotificationModule,
} as const;

export interface RunningPlatform {
  gateway: NestFastifyApplication;
  services: Map<ServiceName, INestMicroservice>;
  logs: LogCapture;
  close(): Promise<void>;
}

/** Starts one service in this process, as its main would, logging into `logs`. */
export function startServiceInProcess(service: ServiceName, config: AppConfig, logs: LogCapture): Promise<INestMicroservice> {
  const logger = logs.logger(service);
  return startService(service, modules[service].forRoot(config, logger), config, logger, { shutdownHooks: false });
}

/**
 * The whole platform in-process: every service on its RabbitMQ queue and the
 * gateway listening on a free port. `configFor` lets a test point one app at
 * a proxy.
 */
export async function startPlatform(
  configFor: (app: ServiceName | 'gateway') => AppConfig,
  options: GatewayOptions = {},
): Promise<RunningPlatform> {
  const logs = new LogCapture();
  const services = new Map<ServiceName, INestMicroservice>();
  for (const service of Object.values(Services)) {
    services.set(service, await startServiceInProcess(service, configFor(service), logs));
  }
  const gatewayConfig = configFor('gateway');
  const gateway = await createGatewayApp(gatewayConfig, logs.logger('gateway'), { ...options, shutdownHooks: false });
  await gateway.listen({ host: '127.0.0.1', port: 0 });
  return {
    gateway,
    services,
    logs,
    async close() {
      await closeWithin('gateway', () => gateway.close());
      for (const [name, app] of services) {
        await closeWithin(name, () => app.close());
      }
    },
  };
}

/** A close that hangs is a bug to see, not a test run that never ends. */
async function closeWithin(name: string, close: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      close(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`${name} did not close within ${timeoutMs} ms; still active: ${process.getActiveResourcesInfo().join(', ')}`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
