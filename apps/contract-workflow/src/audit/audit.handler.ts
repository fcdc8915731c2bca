import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { STAGED_FILES, StagedFiles } from '@app/blob-store';
import { auditContractRefSchema, Patterns } from '@app/contracts';
import { currentActor } from '@app/messaging';
import { renderAuditReport } from './audit-report.pdf';
import { AuditTrail } from './audit-trail';

/** Reading the trail: members of the sender or the receiver company only (anyone else: 404). */
@Controller()
export class AuditHandler {
  constructor(
    private readonly trail: AuditTrail,
    @Inject(STAGED_FILES) private readonly staged: StagedFiles,
  ) {}

  @MessagePattern(Patterns.contractWorkflow.auditTrail)
  read(@Payload() input: z.output<typeof auditContractRefSchema>) {
    return this.trail.read(currentActor(), input.contractId);
  }

  @MessagePattern(Patterns.contractWorkflow.auditVerify)
  verify(@Payload() input: z.output<typeof auditContractRefSchema>) {
    return this.trail.verify(currentActor(), input.contractId);
  }

  @MessagePattern(Patterns.contractWorkflow.auditPdf)
  async pdf(@Payload() input: z.output<typeof auditContractRefSchema>) {
    const { trail, verification } = await this.trail.readVerified(currentActor(), input.contractId);
    const pdf = await renderAuditReport(trail, verification, new Date());
    // Staged for the gateway, which reads and discards it: the report's bytes never ride on the broker.
    return { filename: `audit-${trail.documentNumber}.pdf`, file: await this.staged.stage(pdf) };
  }
}
