import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything notification stores lives in this schema; no other service reads it. */
export const notificationSchema = pgSchema('notification');

export const outbox = defineOutboxTable(notificationSchema);
export const inbox = defineInboxTable(notificationSchema);

/**
 * One row per requested mail: what to send (template, recipient, parameters),
 * how delivery went (status, attempts, last SMTP reply) and the delivery log
 * an administrator reads. Keyed by the event's message ID, so a redelivered
 * event finds its row instead of creating a second mail.
 *
 * `sealed_secret` is the secret still sealed to this service (never clear
 * text); it is kept only while the mail may still be sent, and the check
 * below makes the database refuse a finished row that still holds it.
 */
export const deliveries = notificationSchema.table(
  'deliveries',
  {
    messageId: text('message_id').primaryKey(),
    template: text('template').notNull(),
    language: text('language').notNull(),
    recipientEmail: text('recipient_email').notNull(),
    recipientName: text('recipient_name').notNull(),
    recipientUserId: text('recipient_user_id'),
    recipientCompanyId: text('recipient_company_id'),
    params: jsonb('params').notNull(),
    sealedSecret: text('sealed_secret'),
    status: text('status', { enum: ['queued', 'retrying', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastResponse: text('last_response'),
    smtpMessageId: text('smtp_message_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    index('deliveries_company_created_idx').on(table.recipientCompanyId, table.createdAt),
    check('deliveries_status_known', sql`${table.status} IN ('queued', 'retrying', 'sent', 'failed')`),
    check('deliveries_language_known', sql`${table.language} IN ('ja', 'en')`),
    check('deliveries_attempts_non_negative', sql`${table.attempts} >= 0`),
    check('deliveries_secret_erased_when_finished', sql`${table.status} IN ('queued', 'retrying') OR ${table.sealedSecret} IS NULL`),
  ],
);

export type DeliveryRow = typeof deliveries.$inferSelect;
export type NewDeliveryRow = typeof deliveries.$inferInsert;
export type DeliveryStatus = DeliveryRow['status'];
