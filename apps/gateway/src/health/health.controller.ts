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
    instance: { type: 'string' },
    components: { type: 'object', additionalProperties: { type: 'object' } },
  },
};
const reportSchema = {
  type: 'object',
  required: ['status', 'components'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
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
    summary: 'Platform health / 稼働状況',
    description:
      'postgres, rabbitmq and redis as seen by the gateway, and every service (identity, contract-workflow, signing, notification) asked over RabbitMQ.',
  })
  @ApiOkResponse({ description: 'Every component is up.', schema: reportSchema })
  @ApiServiceUnavailableResponse({ description: 'At least one component is down (status "degraded").', schema: reportSchema })
  async get(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.report();
    void reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
