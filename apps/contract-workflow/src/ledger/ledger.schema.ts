import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { PLANS } from '@app/contracts';

/**
 * The ledger parts of contract-workflow (billing, audit trail, webhooks) in a
 * schema of their own, with their own migrations, so they evolve apart from
 * the contract tables.
 */
export const contractLedgerSchema = pgSchema('contract_ledger');

/** One row per charged company per concluded contract; the unique key makes a redelivered conclusion bill nothing. */
export const billingCharges = contractLedgerSchema.table(
  'billing_charges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id').notNull(),
    documentNumber: text('document_number').notNull(),
    companyId: text('company_id').notNull(),
    side: text('side', { enum: ['sender', 'receiver'] }).notNull(),
    plan: text('plan', { enum: PLANS }).notNull(),
    counterpartyCompanyId: text('counterparty_company_id').notNull(),
    concludedAt: timestamp('concluded_at', { withTimezone: true }).notNull(),
    /** YYYY-MM of concludedAt in Asia/Tokyo: the month a Japanese invoice counts it in. */
    usageMonth: text('usage_month').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('billing_charges_once_per_company').on(table.contractId, table.companyId),
    index('billing_charges_by_month').on(table.companyId, table.usageMonth),
    check('billing_charges_month_format', sql`${table.usageMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);

/**
 * 監査証跡: append-only (the database refuses UPDATE, DELETE and TRUNCATE)
 * and hash-chained per contract; `seq` is unique per contract, so two
 * concurrent appends can never both extend the chain from one entry.
 */
export const auditEntries = contractLedgerSchema.table(
  'audit_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: uuid('contract_id').notNull(),
    seq: integer('seq').notNull(),
    documentNumber: text('document_number').notNull(),
    action: text('action').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorUserId: text('actor_user_id'),
    actorCompanyId: text('actor_company_id'),
    senderCompanyId: text('sender_company_id').notNull(),
    receiverCompanyId: text('receiver_company_id').notNull(),
    /** Whether the document had been sent to the receiver: before that, the trail is the sender's alone. */
    sentToReceiver: boolean('sent_to_receiver').notNull().default(true),
    clientIp: text('client_ip'),
    documentSha256: text('document_sha256'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    uniqueIndex('audit_entries_contract_seq').on(table.contractId, table.seq),
    check('audit_entries_seq_positive', sql`${table.seq} > 0`),
    check('audit_entries_hash_hex', sql`${table.hash} ~ '^[0-9a-f]{64}$' AND ${table.previousHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** A company's webhook subscription; the signing secret only encrypted under WEBHOOK_SECRET_KEY. */
export const webhookSubscriptions = contractLedgerSchema.table(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: text('company_id').notNull(),
    url: text('url').notNull(),
    eventTypes: text('event_types').array().notNull(),
    description: text('description'),
    secretCiphertext: text('secret_ciphertext').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Deleted subscriptions stay for their delivery log; nothing new is sent to them. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (table) => [index('webhook_subscriptions_by_company').on(table.companyId)],
);

/** One event for one subscription; the unique key makes a repeated enqueue of the same event a no-op. */
export const webhookDeliveries = contractLedgerSchema.table(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    companyId: text('company_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The exact JSON body sent on every attempt, so retries carry the same bytes. */
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('webhook_deliveries_once_per_event').on(table.subscriptionId, table.eventId),
    index('webhook_deliveries_due')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} = 'pending'`),
    index('webhook_deliveries_log').on(table.subscriptionId, table.createdAt),
  ],
);

export type BillingChargeRow = typeof billingCharges.$inferSelect;
export type AuditEntryRow = typeof auditEntries.$inferSelect;
export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
