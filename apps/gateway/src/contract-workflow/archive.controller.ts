import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  archivedContractSchema,
  archivePageSchema,
  archiveValidationSchema,
  contractIdSchema,
  parseOrThrow,
  Patterns,
  searchArchiveSchema,
} from '@app/contracts';
import { BLOB_STORE, BlobStore } from '@app/blob-store';
import { ServiceClient } from '@app/messaging';
import { ValidQuery } from '../openapi/valid-query';
import { pdfDownload } from '../http/pdf-download';
import { ApiContract } from '../openapi/api-docs';

const WHO = 'Concluded contracts of the caller’s company (as sender or receiver) only; anything else gets 404.';

/** Query strings arrive as text: the amount bounds become numbers (anything else is left for validation to refuse). */
/** 長期保管文書: search over concluded contracts (電子帳簿保存法), the concluded PDF and its validation report. */
@ApiTags('long-term archive')
@Controller('api/archive')
export class ArchiveController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  @Get()
  @ApiOperation({
    summary: '長期保管文書の検索 / Search concluded contracts',
    description:
      'Conditions combine freely (AND): transactionDateFrom/To and amountMin/Max (ranges, both ends inclusive), counterpartyName ' +
      '(part of the name) and counterpartyCompanyId, documentNumber, name (part). A range upside down (from after to, min above ' +
      'max) is 400. Sorting (transactionDate, amount, documentNumber, concludedAt, name, counterpartyName) and paging with ' +
      `from/to for "N件中 a～b件目を表示". Each item links to its PDF, validation report and audit trail. ${WHO}`,
  })
  @ApiContract({ ok: archivePageSchema, errors: [400, 401, 403] })
  search(@ValidQuery(searchArchiveSchema) query: z.output<typeof searchArchiveSchema>) {
    return this.services.send(Patterns.contractWorkflow.searchArchive, query);
  }

  @Get(':contractId')
  @ApiOperation({ summary: '長期保管文書 / A concluded contract', description: WHO })
  @ApiContract({ ok: archivedContractSchema, errors: [400, 401, 403, 404] })
  get(@Param('contractId') contractId: string) {
    return this.services.send(Patterns.contractWorkflow.getArchivedContract, { contractId: parseOrThrow(contractIdSchema, contractId) });
  }

  @Get(':contractId/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '締結済PDF / The concluded PDF',
    description: `Exactly as stored, with both signatures and timestamps; X-Content-SHA256 is its hash. ${WHO}`,
  })
  @ApiContract({ ok: z.string().meta({ format: 'binary' }), errors: [400, 401, 403, 404] })
  async pdf(@Param('contractId') contractId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.services.send(Patterns.contractWorkflow.archivedContractPdf, {
      contractId: parseOrThrow(contractIdSchema, contractId),
    });
    return pdfDownload(reply, file, this.blobs);
  }

  @Get(':contractId/validation-report')
  @ApiOperation({
    summary: '検証レポート / Validation report',
    description:
      'The signing service validates the stored concluded PDF: per signature its integrity, certificate chain, revocation (CRL) ' +
      `and timestamp; allValid when every signature is valid. ${WHO}`,
  })
  @ApiContract({ ok: archiveValidationSchema, errors: [400, 401, 403, 404] })
  validationReport(@Param('contractId') contractId: string) {
    return this.services.send(Patterns.contractWorkflow.archivedContractValidation, {
      contractId: parseOrThrow(contractIdSchema, contractId),
    });
  }
}
