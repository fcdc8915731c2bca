import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { CompanyContact, Events, LongTermRenewalJob, MailTemplates, Patterns, systemActor } from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { CONFIG, DATABASE, enqueueEvents, LOGGER, OutboxEntry, ServiceClient } from '@app/messaging';
import { renewalChargedTo } from '../billing/plan-matrix';
import { outbox } from '../database/contract-workflow.schema';
import { RenewalClock } from './renewal-clock';
import { RenewalQueues } from './renewal-queues';

const DAY_MS = 86_400_000;
/** The companies asked of identity at once (its limit). */
const CONTACTS_PER_CALL = 500;
/** Documents listed in one 長期保管期限 mail. */
const DOCUMENTS_PER_MAIL = 200;
/** Documents named in the scan's log line of those not renewed (the count covers all). */
const LOGGED_NOT_RENEWED = 20;

/** A document whose proof ends within the window, with what the scan needs of its contract. */
interface DueDocument {
  contractId: string;
  documentNumber: string;
  name: string;
  sha256: string;
  generation: number;
  proofUntil: Date;
  /** IDLE: nothing under way for this generation. */
  renewalState: 'IDLE' | 'QUEUED' | 'FAILED';
  senderCompanyId: string;
  senderCompanyName: string;
  receiverCompanyId: string;
  receiverCompanyName: string;
}

/** A document that will not be renewed: neither party holds 長期保管延長. */
export interface NotRenewed {
  contractId: string;
  documentNumber: string;
  proofUntil: string;
}

export interface ScanReport {
  at: string;
  /** Documents handed to the signing workers by this run. */
  queued: number;
  /** Documents already handed over whose jobs were added again (a no-op unless Redis lost them). */
  requeued: number;
  /** Failed renewals tried again. */
  retried: number;
  notRenewed: NotRenewed[];
  /** 長期保管期限 warnings recorded (one per document, company and end date), and the mails they went in. */
  warned: number;
  mails: number;
}

/** What the renewal stands at, for the operator and a metrics exporter. */
export interface RenewalCounts {
  documents: number;
  queued: number;
  failed: number;
  renewals: number;
  charges: number;
  warnings: number;
}

const dueColumns = sql`d.contract_id AS "contractId", c.document_number AS "documentNumber", c.name, d.pdf_sha256 AS sha256, d.generation,
  d.proof_until AS "proofUntil", coalesce(s.state, 'IDLE') AS "renewalState",
  c.sender_company_id AS "senderCompanyId", c.sender_company_name AS "senderCompanyName",
  c.receiver_company_id AS "receiverCompanyId", c.receiver_company_name AS "receiverCompanyName"`;

/**
 * 長期保管延長's scheduled run (RenewalScheduler calls it once per
 * LONG_TERM_RENEWAL_EVERY_MS, in one process). It walks the concluded
 * documents whose proof ends within LONG_TERM_RENEWAL_WINDOW_DAYS:
 * - a party holds LONG_TERM_EXTENSION: the document is marked QUEUED and its
 *   job (ID per document and generation) handed to the signing workers;
 *   documents QUEUED a while ago get their job added again (a no-op unless
 *   Redis lost it), failed ones whose backoff has passed are tried again;
 * - no party holds it: not renewed, reported with its end date.
 * Then, for documents no party will renew whose proof ends within
 * LONG_TERM_WARNING_MONTHS, each company's 管理用ID is mailed 長期保管期限のお知らせ
 * once per document and end date. PostgreSQL says what is done; a run cut
 * short is finished by the next.
 */
@Injectable()
export class RenewalScan {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly services: ServiceClient,
    private readonly queues: RenewalQueues,
    private readonly clock: RenewalClock,
  ) {}

  async scan(now: Date = this.clock.now()): Promise<ScanReport> {
    const report: ScanReport = { at: now.toISOString(), queued: 0, requeued: 0, retried: 0, notRenewed: [], warned: 0, mails: 0 };
    const contacts = new Map<string, CompanyContact | undefined>();
    const windowEnd = new Date(now.getTime() + this.config.LONG_TERM_RENEWAL_WINDOW_DAYS * DAY_MS);
    // A QUEUED document's job is added again once it has waited a while (a job Redis lost is replaced; one that
    // exists is left alone, so adding it again costs only the call).
    const staleBefore = new Date(
      now.getTime() - Math.max(this.config.LONG_TERM_RENEWAL_EVERY_MS, this.config.LONG_TERM_RENEWAL_REQUEUE_AFTER_MS),
    );
    let after: { proofUntil: Date; contractId: string } | undefined;
    for (;;) {
      const page = await this.due(windowEnd, now, staleBefore, after);
      if (page.length === 0) {
        break;
      }
      after = page[page.length - 1];
      await this.lookUp(contacts, page);
      await this.renew(page, contacts, now, report);
    }
    await this.warn(now, contacts, report);
    const { notRenewed, ...counts } = report;
    // Progress: what this run did, and where the whole archive stands (renewals so far, still queued, failed).
    this.logger.info(
      {
        ...counts,
        totals: await this.counts(),
        notRenewed: notRenewed.length,
        notRenewedDocuments: notRenewed.slice(0, LOGGED_NOT_RENEWED),
        windowEnd: windowEnd.toISOString(),
      },
      'long-term renewal scan',
    );
    return report;
  }

  /** Counts for the operator (docs/operations.md) and a metrics exporter. */
  async counts(): Promise<RenewalCounts> {
    const result = await this.database.db.execute(sql`SELECT
      (SELECT count(*) FROM contract_workflow.archive_records WHERE proof_until IS NOT NULL)::int AS documents,
      (SELECT count(*) FROM contract_long_term.renewal_states s JOIN contract_workflow.archive_records r
         ON r.contract_id = s.contract_id AND r.generation = s.generation WHERE s.state = 'QUEUED')::int AS queued,
      (SELECT count(*) FROM contract_long_term.renewal_states s JOIN contract_workflow.archive_records r
         ON r.contract_id = s.contract_id AND r.generation = s.generation WHERE s.state = 'FAILED')::int AS failed,
      (SELECT count(*) FROM contract_long_term.renewals)::int AS renewals,
      (SELECT count(*) FROM contract_long_term.renewal_charges)::int AS charges,
      (SELECT count(*) FROM contract_long_term.expiry_warnings)::int AS warnings`);
    return result.rows[0] as unknown as RenewalCounts;
  }

  /** One page of the documents due, in (proof_until, contract) order: IDLE ones, failed ones past their backoff, stale QUEUED ones. */
  private async due(
    windowEnd: Date,
    now: Date,
    staleBefore: Date,
    after?: { proofUntil: Date; contractId: string },
  ): Promise<DueDocument[]> {
    const result = await this.database.db.execute(sql`SELECT ${dueColumns}
      FROM contract_workflow.archive_records d JOIN contract_workflow.contracts c ON c.id = d.contract_id
        LEFT JOIN contract_long_term.renewal_states s ON s.contract_id = d.contract_id AND s.generation = d.generation
      WHERE d.proof_until <= ${windowEnd.toISOString()}::timestamptz AND c.status = 'CONCLUDED'
        AND (s.state IS NULL
          OR (s.state = 'FAILED' AND s.retry_at <= ${now.toISOString()}::timestamptz)
          OR (s.state = 'QUEUED' AND s.queued_at < ${staleBefore.toISOString()}::timestamptz))
        ${after ? sql`AND (d.proof_until, d.contract_id) > (${after.proofUntil.toISOString()}::timestamptz, ${after.contractId}::uuid)` : sql``}
      ORDER BY d.proof_until, d.contract_id
      LIMIT ${this.config.LONG_TERM_RENEWAL_BATCH}`);
    return result.rows.map((row) => ({
      ...(row as unknown as DueDocument),
      proofUntil: new Date((row as { proofUntil: string }).proofUntil),
    }));
  }

  private async renew(
    page: DueDocument[],
    contacts: Map<string, CompanyContact | undefined>,
    now: Date,
    report: ScanReport,
  ): Promise<void> {
    const jobs: LongTermRenewalJob[] = [];
    const stale: LongTermRenewalJob[] = [];
    const retried: LongTermRenewalJob[] = [];
    for (const document of page) {
      const holders = holdersOf(document, contacts);
      if (holders.length === 0) {
        report.notRenewed.push({
          contractId: document.contractId,
          documentNumber: document.documentNumber,
          proofUntil: document.proofUntil.toISOString(),
        });
        continue;
      }
      const job = { contractId: document.contractId, generation: document.generation, sha256: document.sha256, chargedCompanyIds: holders };
      (document.renewalState === 'QUEUED' ? stale : document.renewalState === 'FAILED' ? retried : jobs).push(job);
    }
    // PostgreSQL first: a crash before the jobs are added leaves QUEUED documents, which a later run queues again.
    const marked = await this.markQueued([...jobs, ...retried, ...stale], now);
    const taken = (list: LongTermRenewalJob[]) => list.filter((job) => marked.has(job.contractId));
    await this.queues.removeFinished(taken(retried));
    await this.queues.add([...taken(jobs), ...taken(retried), ...taken(stale)]);
    report.queued += taken(jobs).length;
    report.retried += taken(retried).length;
    report.requeued += taken(stale).length;
  }

  /** QUEUED now, for the generation read (a document renewed meanwhile is left alone); returns those marked. */
  private async markQueued(jobs: LongTermRenewalJob[], now: Date): Promise<Set<string>> {
    if (jobs.length === 0) {
      return new Set();
    }
    // Only while the archive record is still at the generation read: one renewed meanwhile is left alone.
    const result = await this.database.db
      .execute(sql`INSERT INTO contract_long_term.renewal_states AS s (contract_id, generation, state, queued_at)
      SELECT j.contract_id, j.generation, 'QUEUED', ${now.toISOString()}::timestamptz
      FROM unnest(${sql.param(jobs.map((job) => job.contractId))}::uuid[], ${sql.param(jobs.map((job) => job.generation))}::int[]) AS j(contract_id, generation)
        JOIN contract_workflow.archive_records r ON r.contract_id = j.contract_id AND r.generation = j.generation
      ON CONFLICT (contract_id) DO UPDATE SET generation = excluded.generation, state = 'QUEUED', queued_at = excluded.queued_at,
        failures = CASE WHEN s.generation = excluded.generation THEN s.failures ELSE 0 END, updated_at = now()
      RETURNING s.contract_id AS "contractId"`);
    return new Set(result.rows.map((row) => (row as { contractId: string }).contractId));
  }

  /**
   * 長期保管期限のお知らせ: documents no party will renew, proof ending within
   * LONG_TERM_WARNING_MONTHS, not yet warned for this end date. One mail per
   * company and run, listing its documents; the warning rows and the mail
   * commit together, so a document is in one mail per end date.
   */
  private async warn(now: Date, contacts: Map<string, CompanyContact | undefined>, report: ScanReport): Promise<void> {
    const warnEnd = addMonths(now, this.config.LONG_TERM_WARNING_MONTHS);
    let after: { proofUntil: Date; contractId: string } | undefined;
    for (;;) {
      const result = await this.database.db.execute(sql`SELECT ${dueColumns}
        FROM contract_workflow.archive_records d JOIN contract_workflow.contracts c ON c.id = d.contract_id
          LEFT JOIN contract_long_term.renewal_states s ON s.contract_id = d.contract_id AND s.generation = d.generation
        WHERE d.proof_until <= ${warnEnd.toISOString()}::timestamptz AND c.status = 'CONCLUDED'
          AND NOT (EXISTS (SELECT 1 FROM contract_long_term.expiry_warnings w
                           WHERE w.contract_id = d.contract_id AND w.company_id = c.sender_company_id AND w.proof_until = d.proof_until)
               AND EXISTS (SELECT 1 FROM contract_long_term.expiry_warnings w
                           WHERE w.contract_id = d.contract_id AND w.company_id = c.receiver_company_id AND w.proof_until = d.proof_until))
          ${after ? sql`AND (d.proof_until, d.contract_id) > (${after.proofUntil.toISOString()}::timestamptz, ${after.contractId}::uuid)` : sql``}
        ORDER BY d.proof_until, d.contract_id
        LIMIT ${this.config.LONG_TERM_RENEWAL_BATCH}`);
      const page = result.rows.map((row) => ({
        ...(row as unknown as DueDocument),
        proofUntil: new Date((row as { proofUntil: string }).proofUntil),
      }));
      if (page.length === 0) {
        return;
      }
      after = page[page.length - 1];
      await this.lookUp(contacts, page);
      const unrenewed = page.filter((document) => holdersOf(document, contacts).length === 0);
      await this.mailWarnings(unrenewed, contacts, report);
    }
  }

  private async mailWarnings(
    documents: DueDocument[],
    contacts: Map<string, CompanyContact | undefined>,
    report: ScanReport,
  ): Promise<void> {
    const rows = documents.flatMap((document) =>
      [
        { companyId: document.senderCompanyId, counterpartyName: document.receiverCompanyName },
        { companyId: document.receiverCompanyId, counterpartyName: document.senderCompanyName },
      ].map((party) => ({ document, ...party })),
    );
    if (rows.length === 0) {
      return;
    }
    await inTransaction(this.database.db, async (tx) => {
      const inserted = await tx.execute(sql`INSERT INTO contract_long_term.expiry_warnings (contract_id, company_id, proof_until)
        SELECT * FROM unnest(${sql.param(rows.map((row) => row.document.contractId))}::uuid[], ${sql.param(rows.map((row) => row.companyId))}::text[],
          ${sql.param(rows.map((row) => row.document.proofUntil.toISOString()))}::timestamptz[])
        ON CONFLICT DO NOTHING
        RETURNING contract_id AS "contractId", company_id AS "companyId"`);
      const fresh = new Set(
        inserted.rows.map((row) => `${(row as { contractId: string }).contractId}/${(row as { companyId: string }).companyId}`),
      );
      const byCompany = new Map<string, typeof rows>();
      for (const row of rows) {
        if (fresh.has(`${row.document.contractId}/${row.companyId}`)) {
          byCompany.set(row.companyId, [...(byCompany.get(row.companyId) ?? []), row]);
        }
      }
      const mails: OutboxEntry[] = [];
      for (const [companyId, warned] of byCompany) {
        report.warned += warned.length;
        const administrator = contacts.get(companyId)?.administrator;
        if (!administrator) {
          this.logger.warn({ companyId, documents: warned.length }, 'long-term expiry warning: the company has no 管理用ID to mail');
          continue;
        }
        for (let start = 0; start < warned.length; start += DOCUMENTS_PER_MAIL) {
          mails.push({
            event: Events.notificationRequested,
            payload: {
              template: MailTemplates.longTermExpiring,
              to: { ...administrator, companyId },
              params: {
                documents: warned.slice(start, start + DOCUMENTS_PER_MAIL).map(({ document, counterpartyName }) => ({
                  documentNumber: document.documentNumber,
                  contractName: document.name,
                  counterpartyName,
                  proofUntil: document.proofUntil.toISOString(),
                })),
              },
            },
            actor: systemActor('long-term-renewal-scan'),
          });
        }
      }
      await enqueueEvents(tx, outbox, mails);
      report.mails += mails.length;
    });
  }

  /** The companies of the documents not asked about yet in this run. */
  private async lookUp(contacts: Map<string, CompanyContact | undefined>, documents: DueDocument[]): Promise<void> {
    const missing = [
      ...new Set(documents.flatMap((document) => [document.senderCompanyId, document.receiverCompanyId]).filter((id) => !contacts.has(id))),
    ];
    for (let start = 0; start < missing.length; start += CONTACTS_PER_CALL) {
      const companyIds = missing.slice(start, start + CONTACTS_PER_CALL);
      const { items } = await this.services.send(
        Patterns.identity.companyContacts,
        { companyIds },
        { actor: systemActor('long-term-renewal-scan') },
      );
      for (const companyId of companyIds) {
        contacts.set(
          companyId,
          items.find((item) => item.companyId === companyId),
        );
      }
    }
  }
}

/** The parties holding 長期保管延長: they are charged for the renewal. */
function holdersOf(document: DueDocument, contacts: Map<string, CompanyContact | undefined>): string[] {
  return renewalChargedTo(
    [document.senderCompanyId, document.receiverCompanyId].map((companyId) => ({
      companyId,
      holdsOption: contacts.get(companyId)?.options.includes('LONG_TERM_EXTENSION') ?? false,
    })),
  );
}

/** `months` calendar months after `instant` (UTC), the day clamped to the month's end. */
export function addMonths(instant: Date, months: number): Date {
  const result = new Date(instant);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
