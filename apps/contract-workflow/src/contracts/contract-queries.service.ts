import { Inject, Injectable } from '@nestjs/common';
import { BLOB_STORE, BlobStore } from '@app/blob-store';
import { storedSize } from './stored-size';
import { z } from 'zod';
import {
  AppError,
  contractPageSchema,
  ContractView,
  listContractsSchema,
  listMatterContractsSchema,
  requireCompanyMember,
} from '@app/contracts';
import { currentActor } from '@app/messaging';
import { MattersService } from '../matters/matters.service';
import { toContractView } from './contract-view';
import { ContractsRepository } from './contracts.repository';
import { pageWindow } from './page-window';

type ListFilter = z.output<typeof listContractsSchema> & { matterId?: string };

/** マイリスト, search and one contract: only what the actor's company is a party to. */
@Injectable()
export class ContractQueriesService {
  constructor(
    private readonly contracts: ContractsRepository,
    private readonly matters: MattersService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async get(contractId: string): Promise<ContractView> {
    const { companyId } = this.member();
    const row = await this.contracts.findForCompany(companyId, contractId);
    if (!row) {
      throw AppError.of('NOT_FOUND');
    }
    return toContractView(row, await this.contracts.steps([row.id]), companyId);
  }

  /** The PDF as it stands now (after the last signature), for a party company only. */
  async pdf(contractId: string): Promise<{ sha256: string; sizeBytes: number; fileName: string }> {
    const contract = await this.get(contractId);
    return {
      sha256: contract.currentSha256,
      sizeBytes: await storedSize(this.blobs, contract.currentSha256),
      fileName: `${contract.documentNumber}.pdf`,
    };
  }

  /** 案件の文書: every document of the company linked to one of its matters, on whichever side it is. */
  async listForMatter(filter: z.output<typeof listMatterContractsSchema>): Promise<z.output<typeof contractPageSchema>> {
    await this.matters.get(filter.matterId);
    return this.list({ ...filter, scope: 'COMPANY' });
  }

  async list(filter: ListFilter): Promise<z.output<typeof contractPageSchema>> {
    const { companyId, userId } = this.member();
    const { rows, total } = await this.contracts.list(companyId, userId, filter);
    const steps = await this.contracts.steps(rows.map((row) => row.id));
    return {
      items: rows.map((row) => toContractView(row, steps, companyId)),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
      ...pageWindow(filter.page, filter.pageSize, rows.length),
    };
  }

  private member(): { companyId: string; userId: string } {
    return requireCompanyMember(currentActor());
  }
}
