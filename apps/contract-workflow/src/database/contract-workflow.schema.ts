import { sql } from 'drizzle-orm';
import {
  AnyPgColumn,
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything contract-workflow stores lives in this schema; no other service reads it. */
export const contractWorkflowSchema = pgSchema('contract_workflow');

export const outbox = defineOutboxTable(contractWorkflowSchema);
export const inbox = defineInboxTable(contractWorkflowSchema);

/** 文書管理番号: one global sequence, 10 digits zero-padded, issued by PostgreSQL at registration. */
export const documentNumberSequence = contractWorkflowSchema.sequence('document_number_seq', {
  startWith: 1,
  minValue: 1,
  maxValue: 9_999_999_999,
});

const concluded = (table: { status: AnyPgColumn }) => sql`${table.status} = 'CONCLUDED'`;

/** 案件: a company's own grouping of its documents (ONE_SIDE companies with the MATTER option). */
export const matters = contractWorkflowSchema.table(
  'matters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: text('company_id').notNull(),
    name: text('name').notNull(),
    code: text('code'),
    description: text('description').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('matters_company_idx').on(table.companyId, table.name),
    unique('matters_company_code_unique').on(table.companyId, table.code),
    // The target of the contracts' (matter, company) keys: a side's matter is always its own company's.
    unique('matters_id_company_unique').on(table.id, table.companyId),
  ],
);

export const contracts = contractWorkflowSchema.table(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentNumber: text('document_number')
      .notNull()
      .unique()
      .default(sql`lpad(nextval('contract_workflow.document_number_seq')::text, 10, '0')`),
    name: text('name').notNull(),
    signatureMode: text('signature_mode', { enum: ['BOTH', 'SENDER_ONLY'] }).notNull(),
    status: text('status').notNull(),
    senderCompanyId: text('sender_company_id').notNull(),
    senderCompanyName: text('sender_company_name').notNull(),
    senderPlan: text('sender_plan').notNull(),
    senderSide: text('sender_side', { enum: ['ORDERER', 'CONTRACTOR'] }).notNull(),
    registrantUserId: text('registrant_user_id').notNull(),
    receiverCompanyId: text('receiver_company_id').notNull(),
    receiverCompanyName: text('receiver_company_name').notNull(),
    receiverPlan: text('receiver_plan').notNull(),
    recipientUserId: text('recipient_user_id').notNull(),
    transactionDate: date('transaction_date').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** The registrant's uploaded bytes, before normalisation (null for contracts registered before it was kept). */
    uploadSha256: text('upload_sha256'),
    originalSha256: text('original_sha256').notNull(),
    currentSha256: text('current_sha256').notNull(),
    /** Who acts next (null when nobody does): the my-list query and every command check it. */
    currentActorUserId: text('current_actor_user_id'),
    /** Which route step is current: 'SENDER'/'RECEIVER' and its position. */
    currentSide: text('current_side', { enum: ['SENDER', 'RECEIVER'] }),
    currentPosition: integer('current_position'),
    /** Bumped by every change; commands compare it so two concurrent actions cannot both apply. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    /** When the sender's signature sent it to the receiver: before that the receiver's company cannot see it. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Each side's own 案件, linked at registration (sender) and at receipt (receiver). */
    senderMatterId: uuid('sender_matter_id'),
    receiverMatterId: uuid('receiver_matter_id'),
  },
  (table) => [
    index('contracts_sender_company_idx').on(table.senderCompanyId, table.updatedAt),
    index('contracts_receiver_company_idx').on(table.receiverCompanyId, table.updatedAt),
    // Only contracts someone still has to act on: a concluded (or withdrawn, declined) one leaves it, so the index stays
    // the size of the work in flight, not of every contract kept for ten years.
    index('contracts_current_actor_idx')
      .on(table.currentActorUserId)
      .where(sql`${table.currentActorUserId} IS NOT NULL`),
    // 長期保管文書: each search condition per side (our company sent or received it), concluded contracts only.
    index('contracts_archive_sender_date_idx').on(table.senderCompanyId, table.transactionDate).where(concluded(table)),
    index('contracts_archive_sender_amount_idx').on(table.senderCompanyId, table.amount).where(concluded(table)),
    index('contracts_archive_sender_counterparty_idx').on(table.senderCompanyId, table.receiverCompanyId).where(concluded(table)),
    index('contracts_archive_receiver_date_idx').on(table.receiverCompanyId, table.transactionDate).where(concluded(table)),
    index('contracts_archive_receiver_amount_idx').on(table.receiverCompanyId, table.amount).where(concluded(table)),
    index('contracts_archive_receiver_counterparty_idx').on(table.receiverCompanyId, table.senderCompanyId).where(concluded(table)),
    foreignKey({
      name: 'contracts_sender_matter_fk',
      columns: [table.senderMatterId, table.senderCompanyId],
      foreignColumns: [matters.id, matters.companyId],
    }),
    foreignKey({
      name: 'contracts_receiver_matter_fk',
      columns: [table.receiverMatterId, table.receiverCompanyId],
      foreignColumns: [matters.id, matters.companyId],
    }),
    index('contracts_sender_matter_idx')
      .on(table.senderMatterId)
      .where(sql`${table.senderMatterId} IS NOT NULL`),
    index('contracts_receiver_matter_idx')
      .on(table.receiverMatterId)
      .where(sql`${table.receiverMatterId} IS NOT NULL`),
    check('contracts_document_number_format', sql`${table.documentNumber} ~ '^[0-9]{10}$'`),
    check(
      'contracts_status_known',
      sql`${table.status} IN ('DRAFT', 'SENDER_APPROVAL', 'SENDER_SIGNATURE', 'AWAITING_RECEIPT', 'RECEIVER_APPROVAL', 'RECEIVER_SIGNATURE', 'CONCLUDED', 'RETURNED', 'DECLINED', 'WITHDRAWN')`,
    ),
    check('contracts_amount_non_negative', sql`${table.amount} >= 0`),
    check('contracts_two_companies', sql`${table.senderCompanyId} <> ${table.receiverCompanyId}`),
  ],
);

/** Each side's ordered route: approvers (0..n) then one signer. Replaced whole on re-routing after 差戻し. */
export const routeSteps = contractWorkflowSchema.table(
  'route_steps',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    side: text('side', { enum: ['SENDER', 'RECEIVER'] }).notNull(),
    position: integer('position').notNull(),
    role: text('role', { enum: ['APPROVER', 'SIGNER'] }).notNull(),
    userId: text('user_id').notNull(),
    actedAt: timestamp('acted_at', { withTimezone: true }),
    action: text('action'),
  },
  (table) => [primaryKey({ columns: [table.contractId, table.side, table.position] }), index('route_steps_user_idx').on(table.userId)],
);

/** テンプレート: a company's saved contract info and sender route; a registration from it is checked like any other. */
export const contractTemplates = contractWorkflowSchema.table(
  'contract_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: text('company_id').notNull(),
    name: text('name').notNull(),
    contractName: text('contract_name'),
    counterpartyCompanyId: text('counterparty_company_id'),
    recipientUserId: text('recipient_user_id'),
    senderSide: text('sender_side', { enum: ['ORDERER', 'CONTRACTOR'] }),
    signatureMode: text('signature_mode', { enum: ['BOTH', 'SENDER_ONLY'] }),
    route: jsonb('route').$type<{ approvers: string[]; signer: string }>(),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('contract_templates_company_name_unique').on(table.companyId, table.name)],
);

/**
 * Idempotency-Key of a registration, per company and user: a retried upload
 * with the same key finds the contract the first request made. Committed in
 * the same transaction as the contract, so a key never names a contract that
 * does not exist. The fingerprint (fields + uploaded bytes' hash) tells a
 * retry from a different registration reusing the key. Kept for
 * REGISTRATION_KEY_RETENTION (registration-keys.repository.ts).
 */
export const registrationKeys = contractWorkflowSchema.table(
  'registration_keys',
  {
    companyId: text('company_id').notNull(),
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.companyId, table.userId, table.key] }),
    index('registration_keys_created_idx').on(table.createdAt),
  ],
);

/**
 * 長期保管: the archive record of a concluded contract's PDF (one row per contract). `level` is what the stored
 * PDF reaches (PAdES B-T / B-LT / B-LTA); `archive_timestamp_at` its latest document (archive) timestamp;
 * `proof_until` (原本性保証期限) the end of what it proves: the latest archive timestamp's TSA certificate end or
 * LONG_TERM_ALGORITHM_HORIZON, whichever is first. `generation` is 0 at conclusion and +1 per renewal
 * (長期保管延長), each renewal replacing `pdf_sha256`. Indexed on `proof_until` for "due within a window".
 */
export const archiveRecords = contractWorkflowSchema.table(
  'archive_records',
  {
    contractId: uuid('contract_id')
      .primaryKey()
      .references(() => contracts.id),
    pdfSha256: text('pdf_sha256').notNull(),
    level: text('level', { enum: ['B-T', 'B-LT', 'B-LTA'] }).notNull(),
    archiveTimestampAt: timestamp('archive_timestamp_at', { withTimezone: true }),
    proofUntil: timestamp('proof_until', { withTimezone: true }),
    generation: integer('generation').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('archive_records_proof_until_idx').on(table.proofUntil),
    check('archive_records_generation_range', sql`${table.generation} >= 0`),
    check(
      'archive_records_lta_has_times',
      sql`${table.level} <> 'B-LTA' OR (${table.archiveTimestampAt} IS NOT NULL AND ${table.proofUntil} IS NOT NULL)`,
    ),
  ],
);
