import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import {
  BulkDocumentFailed,
  BulkDocumentsSigned,
  bulkSessionRefSchema,
  bulkSignSearchSchema,
  createBulkSignSessionSchema,
  Events,
  executeBulkSignSchema,
  Patterns,
} from '@app/contracts';
import { BulkSignConclusions } from './bulk-sign-conclusions';
import { BulkSignSessionsService } from './bulk-sign-sessions.service';

@Controller()
export class BulkSignHandler {
  constructor(
    private readonly sessions: BulkSignSessionsService,
    private readonly conclusions: BulkSignConclusions,
  ) {}

  @MessagePattern(Patterns.contractWorkflow.bulkSignCandidates)
  candidates(@Payload() input: z.output<typeof bulkSignSearchSchema>) {
    return this.sessions.candidates(input);
  }

  @MessagePattern(Patterns.contractWorkflow.createBulkSignSession)
  create(@Payload() input: z.output<typeof createBulkSignSessionSchema>) {
    return this.sessions.create(input.contractIds);
  }

  @MessagePattern(Patterns.contractWorkflow.executeBulkSign)
  execute(@Payload() input: z.output<typeof executeBulkSignSchema>) {
    return this.sessions.execute(input.sessionId, input.serialNumber, input.signingPassword);
  }

  @MessagePattern(Patterns.contractWorkflow.getBulkSignSession)
  get(@Payload() input: z.output<typeof bulkSessionRefSchema>) {
    return this.sessions.get(input.sessionId);
  }

  @EventPattern(Events.bulkDocumentsSigned)
  signed(@Payload() event: BulkDocumentsSigned) {
    return this.conclusions.signed(event);
  }

  @EventPattern(Events.bulkDocumentFailed)
  failed(@Payload() event: BulkDocumentFailed) {
    return this.conclusions.failed(event);
  }
}
