import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HealthReport, HealthService } from './health.service';

const componentSchema = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    latencyMs: { type: 'number' },
    error: { type: 'string' },
    unsent: { type: 'integer', description: 'outbox: events not yet confirmed by RabbitMQ' },
    oldestUnsentSeconds: { type: 'number', description: 'outbox: age of the oldest unsent event' },
    instance: { type: 'string' },
    components: { type: 'object', additionalProperties: { type: 'object' } },
    count: { type: 'integer', description: 'signing-workers: processes whose heartbeat has not expired' },
    workers: {
      type: 'array',
      description: 'signing-workers: one entry per process',
      items: {
        type: 'object',
        properties: {
          instance: { type: 'string' },
          state: { type: 'string', enum: ['running', 'draining'] },
          startedAt: { type: 'string', format: 'date-time' },
          beatAt: { type: 'string', format: 'date-time' },
          lastSeenSeconds: { type: 'number' },
          concurrency: { type: 'integer' },
        },
      },
    },
  },
};
const reportSchema = {
  type: 'object',
  required: ['status', 'checkedAt', 'components'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    checkedAt: { type: 'string', format: 'date-time' },
    components: { type: 'object', additionalProperties: componentSchema },
  },
};

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Platform health (readiness) / 稼働状況',
    description:
      'postgres, rabbitmq and redis as seen by the gateway, and every service (identity, contract-workflow, signing, ' +
      'notification) asked over RabbitMQ on its own ping queue (never behind a backlog of requests); each service ' +
      'reports its database and its outbox (unsent events and the age of the oldest: down past ' +
      'OUTBOX_LAG_DEGRADED_SECONDS), signing also Redis. Concurrent requests share one round of probes and a report ' +
      'is reused for HEALTH_CACHE_MS (checkedAt says when it was made). 503 with status "degraded" when any ' +
      'component is down. signing-workers lists the signing-worker processes from their heartbeats in Redis (count, and ' +
      "each one's instance, state running/draining, startedAt, lastSeenSeconds, concurrency); none running is reported, " +
      'not a failure. For liveness (is the gateway process serving at all) use /health/live; every process, the ' +
      'gateway included, also serves /livez and /readyz on HEALTH_PORT (docs/deploy.md).',
  })
  @ApiOkResponse({ description: 'Every component is up.', schema: reportSchema })
  @ApiServiceUnavailableResponse({ description: 'At least one component is down (status "degraded").', schema: reportSchema })
  async get(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.report();
    void reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  @Get('live')
  @ApiOperation({
    summary: 'Gateway liveness / 死活確認',
    description: 'Answers 200 as long as the gateway process serves HTTP; touches no dependency (for a liveness probe).',
  })
  @ApiOkResponse({
    description: 'The gateway is serving.',
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
