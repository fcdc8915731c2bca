import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** 一括署名（受取） sessions live in their own schema of contract-workflow's database. */
export const contractBulkSchema = pgSchema('contract_bulk');

/**
 * One 対象選択: the documents a bulk user chose, their signing password's
 * request (`bulk-<id>`), and the counters the progress screen shows.
 */
export const bulkSessions = contractBulkSchema.table(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: text('company_id').notNull(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: ['SELECTED', 'STARTING', 'RUNNING', 'COMPLETED'] })
      .notNull()
      .default('SELECTED'),
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** The address 一括署名（受取） came from, for each document's audit entries. */
    clientIp: text('client_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    executedAt: timestamp('executed_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (table) => [
    index('bulk_sessions_user_idx').on(table.userId, table.createdAt),
    check('bulk_sessions_counts', sql`${table.done} >= 0 AND ${table.failed} >= 0 AND ${table.done} + ${table.failed} <= ${table.total}`),
  ],
);

/** One chosen document of a session and what became of it. */
export const bulkItems = contractBulkSchema.table(
  'items',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => bulkSessions.id),
    contractId: uuid('contract_id').notNull(),
    position: integer('position').notNull(),
    state: text('state', { enum: ['PENDING', 'CONCLUDED', 'FAILED'] })
      .notNull()
      .default('PENDING'),
    /** True from 一括署名（受取） until the document is concluded or failed: the document belongs to this session then. */
    active: boolean('active').notNull().default(false),
    failureCode: text('failure_code'),
    failureJa: text('failure_ja'),
    failureEn: text('failure_en'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.contractId] }),
    // A document is being bulk-signed by at most one session at a time.
    uniqueIndex('bulk_items_one_active_session')
      .on(table.contractId)
      .where(sql`${table.active}`),
    check('bulk_items_active_pending', sql`NOT ${table.active} OR ${table.state} = 'PENDING'`),
  ],
);
