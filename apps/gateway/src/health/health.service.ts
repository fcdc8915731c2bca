import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { ALL_SERVICES, ComponentStatus, pingPatternOf, ServiceName, systemActor } from '@app/contracts';
import { DatabaseHandle, pingDatabase } from '@app/db';
import { AmqpConnection, CONFIG, currentContext, DATABASE, probe, ServiceClient } from '@app/messaging';
import { GATEWAY_REDIS } from './health.tokens';
import { signingWorkers, SigningWorkersComponent } from './signing-workers';

export interface ServiceComponent extends ComponentStatus {
  instance?: string;
  components?: Record<string, ComponentStatus>;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** When the probes behind this report ran (reports are shared for HEALTH_CACHE_MS). */
  checkedAt: string;
  components: Record<string, ServiceComponent | SigningWorkersComponent>;
}

/**
 * The platform's health as the gateway sees it: its own dependencies probed
 * directly, and every service asked over RabbitMQ (a service that answers
 * reports its own database and outbox, and signing its Redis).
 *
 * Cheap under load: concurrent callers share one round of probes, and a
 * report is reused for HEALTH_CACHE_MS, so a burst of health checks (or a
 * monitor polling during a flood) costs one round per interval, not one per
 * request.
 */
@Injectable()
export class HealthService {
  private current: { report: HealthReport; at: number } | undefined;
  private probing: Promise<HealthReport> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    private readonly amqp: AmqpConnection,
    private readonly services: ServiceClient,
  ) {}

  report(): Promise<HealthReport> {
    const cached = this.current;
    if (cached && Date.now() - cached.at < this.config.HEALTH_CACHE_MS) {
      return Promise.resolve(cached.report);
    }
    this.probing ??= this.probe()
      .then((report) => {
        this.current = { report, at: Date.now() };
        return report;
      })
      .finally(() => {
        this.probing = undefined;
      });
    return this.probing;
  }

  private async probe(): Promise<HealthReport> {
    const timeoutMs = this.config.HEALTH_TIMEOUT_MS;
    const [postgres, rabbitmq, redis, workers, ...services] = await Promise.all([
      probe(() => pingDatabase(this.database.pool, timeoutMs), timeoutMs),
      probe(() => this.checkBroker(), timeoutMs),
      probe(async () => {
        await this.redis.ping();
      }, timeoutMs),
      probe(() => signingWorkers(this.redis, this.config.REDIS_PREFIX), timeoutMs),
      ...ALL_SERVICES.map((service) => this.pingService(service, timeoutMs)),
    ]);
    const components: HealthReport['components'] = { postgres, rabbitmq, redis };
    ALL_SERVICES.forEach((service, index) => {
      components[service] = services[index];
    });
    components['signing-workers'] = workers;
    const allUp = Object.values(components).every((component) => component.status === 'up');
    return { status: allUp ? 'ok' : 'degraded', checkedAt: new Date().toISOString(), components };
  }

  private async checkBroker(): Promise<void> {
    if (!this.amqp.isConnected) {
      throw new Error(this.amqp.error ?? 'not connected');
    }
    const channel = await this.amqp.channel();
    await channel.checkExchange('amq.topic');
  }

  private async pingService(service: ServiceName, timeoutMs: number): Promise<ServiceComponent> {
    const started = performance.now();
    // Without a live broker no request can reach a service: say so at once.
    if (!this.amqp.isConnected) {
      return { status: 'down', error: 'RabbitMQ is not reachable' };
    }
    try {
      const actor = currentContext()?.actor ?? systemActor('health');
      const reply = await this.services.send(pingPatternOf[service], {}, { actor, timeoutMs });
      return {
        status: reply.status,
        latencyMs: Math.round(performance.now() - started),
        instance: reply.instance,
        components: reply.components,
      };
    } catch (error) {
      return { status: 'down', error: (error as Error).message };
    }
  }
}
