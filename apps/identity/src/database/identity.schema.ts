import { pgSchema } from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything identity stores lives in this schema; no other service reads it. */
export const identitySchema = pgSchema('identity');

export const outbox = defineOutboxTable(identitySchema);
export const inbox = defineInboxTable(identitySchema);
