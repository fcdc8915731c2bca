import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** 長期保管延長: the renewal of stored documents' long-term signatures, in its own schema of contract-workflow's database. */
export const contractLongTermSchema = pgSchema('contract_long_term');

/**
 * Where a concluded contract's renewal stands, for the generation of its
 * archive record (contract_workflow.archive_records) it concerns; no row, or a
 * row of an older generation: nothing under way. QUEUED: a signing worker's
 * job is out; FAILED: the last one gave up, with the reason, tried again from
 * `retry_at`. The renewal job works from this table; Redis holds only the jobs.
 */
export const longTermRenewalStates = contractLongTermSchema.table(
  'renewal_states',
  {
    contractId: uuid('contract_id').primaryKey(),
    generation: integer('generation').notNull(),
    state: text('state', { enum: ['QUEUED', 'FAILED'] }).notNull(),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
    /** Failed renewals of this generation so far. */
    failures: integer('failures').notNull().default(0),
    failureCode: text('failure_code'),
    failureJa: text('failure_ja'),
    failureEn: text('failure_en'),
    retryAt: timestamp('retry_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('long_term_renewal_states_state_idx').on(table.state),
    check(
      'long_term_renewal_states_failed_has_reason',
      sql`${table.state} <> 'FAILED' OR (${table.failureCode} IS NOT NULL AND ${table.retryAt} IS NOT NULL)`,
    ),
  ],
);

/** Every renewal made: one per (contract, generation renewed), the old and the new PDF (both kept in the blob store). */
export const longTermRenewals = contractLongTermSchema.table(
  'renewals',
  {
    contractId: uuid('contract_id').notNull(),
    generation: integer('generation').notNull(),
    previousSha256: text('previous_sha256').notNull(),
    sha256: text('sha256').notNull(),
    proofUntil: timestamp('proof_until', { withTimezone: true }).notNull(),
    archiveTimestampAt: timestamp('archive_timestamp_at', { withTimezone: true }).notNull(),
    renewedAt: timestamp('renewed_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.contractId, table.generation] }), index('long_term_renewals_recorded_idx').on(table.recordedAt)],
);

/** 課金: one row per renewal and company holding 長期保管延長 (plan matrix: per document per extension, to the holder). */
export const longTermRenewalCharges = contractLongTermSchema.table(
  'renewal_charges',
  {
    contractId: uuid('contract_id').notNull(),
    generation: integer('generation').notNull(),
    companyId: text('company_id').notNull(),
    documentNumber: text('document_number').notNull(),
    renewedAt: timestamp('renewed_at', { withTimezone: true }).notNull(),
    /** YYYY-MM in Japan time, as the conclusion charges. */
    usageMonth: text('usage_month').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.contractId, table.generation, table.companyId] }),
    index('long_term_renewal_charges_company_month_idx').on(table.companyId, table.usageMonth),
  ],
);

/** 長期保管期限 mails sent: once per document, company without the option, and end of proof. */
export const longTermExpiryWarnings = contractLongTermSchema.table(
  'expiry_warnings',
  {
    contractId: uuid('contract_id').notNull(),
    companyId: text('company_id').notNull(),
    proofUntil: timestamp('proof_until', { withTimezone: true }).notNull(),
    warnedAt: timestamp('warned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.contractId, table.companyId, table.proofUntil] })],
);
