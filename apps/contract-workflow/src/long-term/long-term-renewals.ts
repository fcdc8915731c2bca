import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { LongTermRenewalFailed, LongTermRenewed } from '@app/contracts';
import { DatabaseHandle } from '@app/db';
import { CONFIG, DATABASE, handleOnce, LOGGER } from '@app/messaging';
import { usageMonthOf } from '../billing/usage-month';
import { inbox } from '../database/contract-workflow.schema';
import { RenewalClock } from './renewal-clock';

/** The longest a failed renewal waits before it is tried again. */
const MAX_RETRY_MS = 7 * 86_400_000;

/**
 * The receiving end of the signing workers' renewals. A renewed PDF becomes
 * the archive's current version in one transaction: the document's
 * generation moves on (only `WHERE generation = n`, so a repeated or racing
 * event changes nothing), the contract points to the new PDF (the old one
 * stays in the blob store), the renewal is recorded and each company holding
 * the option is charged once.
 */
@Injectable()
export class LongTermRenewals {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly clock: RenewalClock,
  ) {}

  async renewed(event: LongTermRenewed): Promise<void> {
    const outcome = await handleOnce(this.database.db, inbox, async (tx) => {
      const moved = await tx.execute(sql`UPDATE contract_workflow.archive_records
        SET pdf_sha256 = ${event.sha256}, generation = generation + 1, level = ${event.level},
          archive_timestamp_at = ${event.archiveTimestampAt}::timestamptz, proof_until = ${event.proofUntil}::timestamptz, updated_at = now()
        WHERE contract_id = ${event.contractId}::uuid AND generation = ${event.generation} AND pdf_sha256 = ${event.previousSha256}
        RETURNING contract_id`);
      if (moved.rows.length === 0) {
        return false;
      }
      await tx.execute(sql`DELETE FROM contract_long_term.renewal_states WHERE contract_id = ${event.contractId}::uuid`);
      const pointed = await tx.execute(sql`UPDATE contract_workflow.contracts SET current_sha256 = ${event.sha256}
        WHERE id = ${event.contractId}::uuid AND current_sha256 = ${event.previousSha256}
        RETURNING document_number AS "documentNumber"`);
      const [contract] = pointed.rows as { documentNumber: string }[];
      if (!contract) {
        // The archive record and the contract disagree: nothing to charge for a PDF the contract does not show.
        throw new Error(`contract ${event.contractId} does not point to the renewed PDF ${event.previousSha256}`);
      }
      await tx.execute(sql`INSERT INTO contract_long_term.renewals
        (contract_id, generation, previous_sha256, sha256, proof_until, archive_timestamp_at, renewed_at)
        VALUES (${event.contractId}::uuid, ${event.generation}, ${event.previousSha256}, ${event.sha256},
          ${event.proofUntil}::timestamptz, ${event.archiveTimestampAt}::timestamptz, ${event.renewedAt}::timestamptz)`);
      const renewedAt = new Date(event.renewedAt);
      await tx.execute(sql`INSERT INTO contract_long_term.renewal_charges (contract_id, generation, company_id, document_number, renewed_at, usage_month)
        SELECT ${event.contractId}::uuid, ${event.generation}, company_id, ${contract.documentNumber}, ${event.renewedAt}::timestamptz, ${usageMonthOf(renewedAt)}
        FROM unnest(${sql.param(event.chargedCompanyIds)}::text[]) AS c(company_id)
        ON CONFLICT DO NOTHING`);
      return true;
    });
    if (outcome.handled && outcome.result) {
      this.logger.debug(
        { contractId: event.contractId, generation: event.generation + 1, proofUntil: event.proofUntil },
        'long-term document renewed',
      );
    }
  }

  /** Listed as failed with the reason, and tried again after LONG_TERM_RENEWAL_RETRY_AFTER_MS, doubling per failure. */
  async failed(event: LongTermRenewalFailed): Promise<void> {
    const now = this.clock.now().getTime();
    await handleOnce(this.database.db, inbox, async (tx) => {
      await tx.execute(sql`UPDATE contract_long_term.renewal_states
        SET state = 'FAILED', failures = failures + 1, failure_code = ${event.code}, failure_ja = ${event.ja}, failure_en = ${event.en},
          retry_at = to_timestamp((${now} + least(${MAX_RETRY_MS}, ${this.config.LONG_TERM_RENEWAL_RETRY_AFTER_MS} * power(2, failures)))::double precision / 1000),
          updated_at = now()
        WHERE contract_id = ${event.contractId}::uuid AND generation = ${event.generation} AND state = 'QUEUED'`);
    });
    this.logger.warn(
      { contractId: event.contractId, generation: event.generation, code: event.code },
      'long-term renewal failed; it will be tried again',
    );
  }
}
