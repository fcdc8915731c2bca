import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { auditContractRefSchema, auditTrailSchema, auditVerificationSchema, parseOrThrow, Patterns } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { ApiContract } from '../openapi/api-docs';
import { PdfUploads } from '../uploads/pdf-uploads';

const pdfFile = z.string().meta({ format: 'binary', description: 'application/pdf' });
const WHO = 'Members of the sender or the receiver company only; anyone else gets 404, as for a contract that does not exist.';

/** 監査証跡: every transition of a contract, hash-chained, as JSON or a PDF report, and a check of the chain. */
@ApiTags('audit trail')
@Controller('api/contracts/:contractId')
export class AuditController {
  constructor(
    private readonly services: ServiceClient,
    private readonly files: PdfUploads,
  ) {}

  @Get('audit')
  @ApiOperation({
    summary: '監査証跡 / Audit trail',
    description: `Every entry: who, company, action, time, client IP, the PDF's SHA-256 at that moment, and the chain hashes. ${WHO}`,
  })
  @ApiContract({ ok: auditTrailSchema, errors: [400, 401, 403, 404] })
  trail(@Param('contractId') contractId: string) {
    return this.services.send(Patterns.contractWorkflow.auditTrail, parseOrThrow(auditContractRefSchema, { contractId }));
  }

  @Get('audit.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '監査証跡PDF / Audit trail report (PDF)',
    description: `The trail as a PDF report with the result of the chain check (labels romanised: no Japanese font is embedded). ${WHO}`,
  })
  @ApiContract({ ok: pdfFile, errors: [400, 401, 403, 404] })
  async pdf(@Param('contractId') contractId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { filename, file } = await this.services.send(
      Patterns.contractWorkflow.auditPdf,
      parseOrThrow(auditContractRefSchema, { contractId }),
    );
    void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`);
    // contract-workflow staged the report: only its reference crossed the broker.
    return this.files.take(file);
  }

  @Get('audit/verify')
  @ApiOperation({
    summary: '監査証跡の検証 / Verify the audit trail',
    description: `Recomputes the hash chain: valid, or the sequence number of the first entry that was changed or follows a removed one. ${WHO}`,
  })
  @ApiContract({ ok: auditVerificationSchema, errors: [400, 401, 403, 404] })
  verify(@Param('contractId') contractId: string) {
    return this.services.send(Patterns.contractWorkflow.auditVerify, parseOrThrow(auditContractRefSchema, { contractId }));
  }
}
