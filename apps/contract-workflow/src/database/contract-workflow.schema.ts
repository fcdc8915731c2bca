import { pgSchema } from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything contract-workflow stores lives in this schema; no other service reads it. */
export const contractWorkflowSchema = pgSchema('contract_workflow');

export const outbox = defineOutboxTable(contractWorkflowSchema);
export const inbox = defineInboxTable(contractWorkflowSchema);
