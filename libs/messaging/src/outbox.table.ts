import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, PgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The transactional outbox of one service, in that service's own schema. */
export function defineOutboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      id: uuid('id').primaryKey(),
      seq: bigserial('seq', { mode: 'number' }).notNull(),
      event: text('event').notNull(),
      payload: jsonb('payload').notNull(),
      actor: jsonb('actor').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      sentAt: timestamp('sent_at', { withTimezone: true }),
      attempts: integer('attempts').notNull().default(0),
      lastError: text('last_error'),
    },
    (table) => [
      index('outbox_unsent_idx')
        .on(table.seq)
        .where(sql`${table.sentAt} IS NULL`),
    ],
  );
}

/** Message IDs a service has already handled: a redelivery finds its row and does nothing. */
export function defineInboxTable(schema: PgSchema) {
  return schema.table('inbox', {
    messageId: text('message_id').primaryKey(),
    event: text('event').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  });
}

export type OutboxTable = ReturnType<typeof defineOutboxTable>;
export type InboxTable = ReturnType<typeof defineInboxTable>;
