import { integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** 長期保管延長 on the signing side: its own schema and migration journal in signing's database. */
export const signingLongTermSchema = pgSchema('signing_long_term');

/**
 * Every renewal a signing worker made: one per (contract, generation renewed),
 * whatever the number of attempts or workers. It commits with the `renewed`
 * event; an attempt that finds it only announces it again.
 */
export const renewals = signingLongTermSchema.table(
  'renewals',
  {
    contractId: uuid('contract_id').notNull(),
    generation: integer('generation').notNull(),
    previousSha256: text('previous_sha256').notNull(),
    sha256: text('sha256').notNull(),
    level: text('level', { enum: ['B-T', 'B-LT', 'B-LTA'] }).notNull(),
    archiveTimestampAt: timestamp('archive_timestamp_at', { withTimezone: true }).notNull(),
    proofUntil: timestamp('proof_until', { withTimezone: true }).notNull(),
    chargedCompanyIds: text('charged_company_ids').array().notNull(),
    renewedAt: timestamp('renewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.contractId, table.generation] })],
);
