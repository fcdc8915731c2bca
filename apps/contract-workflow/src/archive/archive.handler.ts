import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { ArchiveSearch, contractRefSchema, Patterns } from '@app/contracts';
import { ArchiveService } from './archive.service';

type Ref = z.output<typeof contractRefSchema>;

/** 長期保管文書: search, one document, its concluded PDF and its validation report. */
@Controller()
export class ArchiveHandler {
  constructor(private readonly archive: ArchiveService) {}

  @MessagePattern(Patterns.contractWorkflow.searchArchive)
  search(@Payload() input: ArchiveSearch) {
    return this.archive.search(input);
  }

  @MessagePattern(Patterns.contractWorkflow.getArchivedContract)
  get(@Payload() input: Ref) {
    return this.archive.get(input.contractId);
  }

  @MessagePattern(Patterns.contractWorkflow.archivedContractPdf)
  pdf(@Payload() input: Ref) {
    return this.archive.pdf(input.contractId);
  }

  @MessagePattern(Patterns.contractWorkflow.archivedContractValidation)
  validationReport(@Payload() input: Ref) {
    return this.archive.validationReport(input.contractId);
  }
}
