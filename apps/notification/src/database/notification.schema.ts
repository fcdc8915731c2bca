import { jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything notification stores lives in this schema; no other service reads it. */
export const notificationSchema = pgSchema('notification');

export const outbox = defineOutboxTable(notificationSchema);
export const inbox = defineInboxTable(notificationSchema);

/**
 * Mail requests accepted from other services, kept until delivered.
 * Delivery (templates, SMTP, retries) is the Notifications issue's work; a
 * request accepted here is never lost meanwhile.
 */
export const mailRequests = notificationSchema.table('mail_requests', {
  messageId: text('message_id').primaryKey(),
  template: text('template').notNull(),
  recipient: text('recipient').notNull(),
  locale: text('locale').notNull(),
  params: jsonb('params').notNull(),
  status: text('status').notNull().default('pending'),
  requestedBy: text('requested_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
