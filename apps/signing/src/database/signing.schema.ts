import { pgSchema } from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything signing stores lives in this schema; no other service reads it. */
export const signingSchema = pgSchema('signing');

export const outbox = defineOutboxTable(signingSchema);
export const inbox = defineInboxTable(signingSchema);
