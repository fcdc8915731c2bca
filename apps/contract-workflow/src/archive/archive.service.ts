import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { BLOB_STORE, BlobStore } from '@app/blob-store';
import {
  AppError,
  archivePageSchema,
  archiveValidationSchema,
  ArchivedContract,
  ArchiveSearch,
  Patterns,
  requireCompanyMember,
} from '@app/contracts';
import { DatabaseHandle } from '@app/db';
import { currentActor, DATABASE, ServiceClient } from '@app/messaging';
import { ContractRow } from '../contracts/contracts.repository';
import { pageWindow } from '../contracts/page-window';
import { ArchiveRepository } from './archive.repository';
import { archiveRecordsOf } from './archive-records';
import { expiringFor } from '../long-term/expiry-warnings';
import { toArchiveLongTerm, toArchivedContract } from './archive-view';
import { storedSize } from '../contracts/stored-size';

/** 長期保管文書: search and downloads over the concluded contracts of the actor's company; any other is not found. */
@Injectable()
export class ArchiveService {
  constructor(
    private readonly archive: ArchiveRepository,
    private readonly services: ServiceClient,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
  ) {}

  async search(query: ArchiveSearch): Promise<z.output<typeof archivePageSchema>> {
    const { companyId } = requireCompanyMember(currentActor());
    const { rows, total } = await this.archive.search(companyId, query);
    const records = await archiveRecordsOf(
      this.database.db,
      rows.map((row) => row.id),
    );
    const expiring = await expiringFor(
      this.database.db,
      companyId,
      rows.map((row) => row.id),
    );
    return {
      items: rows.map((row) => toArchivedContract(row, companyId, records.get(row.id), expiring.has(row.id))),
      total,
      page: query.page,
      pageSize: query.pageSize,
      ...pageWindow(query.page, query.pageSize, rows.length),
    };
  }

  async get(contractId: string): Promise<ArchivedContract> {
    const { row, companyId } = await this.concluded(contractId);
    const records = await archiveRecordsOf(this.database.db, [row.id]);
    const expiring = await expiringFor(this.database.db, companyId, [row.id]);
    return toArchivedContract(row, companyId, records.get(row.id), expiring.has(row.id));
  }

  /** The concluded PDF exactly as stored: its SHA-256 is the contract's. */
  async pdf(contractId: string): Promise<{ sha256: string; sizeBytes: number; fileName: string }> {
    const { row } = await this.concluded(contractId);
    return { sha256: row.currentSha256, sizeBytes: await storedSize(this.blobs, row.currentSha256), fileName: `${row.documentNumber}.pdf` };
  }

  /** Signing validates the stored PDF by its hash: each signature, its chain, revocation and timestamp. */
  async validationReport(contractId: string): Promise<z.output<typeof archiveValidationSchema>> {
    const { row, companyId } = await this.concluded(contractId);
    const report = await this.services.send(Patterns.signing.validateDocument, { sha256: row.currentSha256 });
    const records = await archiveRecordsOf(this.database.db, [row.id]);
    const expiring = await expiringFor(this.database.db, companyId, [row.id]);
    return {
      contractId: row.id,
      documentNumber: row.documentNumber,
      sha256: row.currentSha256,
      longTerm: toArchiveLongTerm(records.get(row.id), expiring.has(row.id)),
      report,
    };
  }

  private async concluded(contractId: string): Promise<{ row: ContractRow; companyId: string }> {
    const { companyId } = requireCompanyMember(currentActor());
    const row = await this.archive.findConcluded(companyId, contractId);
    if (!row) {
      throw AppError.of('NOT_FOUND');
    }
    return { row, companyId };
  }
}
