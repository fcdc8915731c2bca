import { hostname } from 'node:os';
import { Controller, Inject, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { PingReply, pingPatternOf, ServiceName } from '@app/contracts';
import { AppConfig } from '@app/config';
import { HealthChecks } from './health';
import { CONFIG, HEALTH_CHECKS } from './tokens';

const startedAt = Date.now();

/** The ping handler of one service: answers with the state of its own dependencies. */
export function createPingController(service: ServiceName): Type<unknown> {
  @Controller()
  class PingController {
    constructor(
      @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
      @Inject(CONFIG) private readonly config: AppConfig,
    ) {}

    @MessagePattern(pingPatternOf[service])
    async ping(): Promise<PingReply> {
      const components = await this.checks.run(this.config.HEALTH_TIMEOUT_MS);
      const allUp = Object.values(components).every((component) => component.status === 'up');
      return {
        service,
        status: allUp ? 'up' : 'down',
        instance: `${hostname()}:${process.pid}`,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        components,
      };
    }
  }
  return PingController;
}
