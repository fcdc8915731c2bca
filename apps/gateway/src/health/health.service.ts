import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { ALL_SERVICES, ComponentStatus, pingPatternOf, ServiceName, systemActor } from '@app/contracts';
import { DatabaseHandle, pingDatabase } from '@app/db';
import { AmqpConnection, CONFIG, currentContext, DATABASE, probe, ServiceClient } from '@app/messaging';
import { GATEWAY_REDIS } from './health.tokens';

export interface ServiceComponent extends ComponentStatus {
  instance?: string;
  components?: Record<string, ComponentStatus>;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  components: Record<string, ServiceComponent>;
}

/**
 * The platform's health as the gateway sees it: its own dependencies probed
 * directly, and every service asked over RabbitMQ (a service that answers
 * reports its own database, and signing its Redis).
 */
@Injectable()
export class HealthService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    private readonly amqp: AmqpConnection,
    private readonly services: ServiceClient,
  ) {}

  async report(): Promise<HealthReport> {
    const timeoutMs = this.config.HEALTH_TIMEOUT_MS;
    const [postgres, rabbitmq, redis, ...services] = await Promise.all([
      probe(() => pingDatabase(this.database.pool, timeoutMs), timeoutMs),
      probe(() => this.checkBroker(), timeoutMs),
      probe(async () => {
        await this.redis.ping();
      }, timeoutMs),
      ...ALL_SERVICES.map((service) => this.pingService(service, timeoutMs)),
    ]);
    const components: Record<string, ServiceComponent> = { postgres, rabbitmq, redis };
    ALL_SERVICES.forEach((service, index) => {
      components[service] = services[index];
    });
    const allUp = Object.values(components).every((component) => component.status === 'up');
    return { status: allUp ? 'ok' : 'degraded', components };
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
