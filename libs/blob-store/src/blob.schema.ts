import { sql } from 'drizzle-orm';
import { check, customType, index, integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const blobStoreSchema = pgSchema('blob_store');

/** Immutable content: the key is the SHA-256 of the bytes, so a row never changes. */
export const blobs = blobStoreSchema.table(
  'blobs',
  {
    sha256: text('sha256').primaryKey(),
    sizeBytes: integer('size_bytes').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('blobs_sha256_hex', sql`${table.sha256} ~ '^[0-9a-f]{64}$'`),
    check('blobs_size_matches', sql`${table.sizeBytes} = octet_length(${table.content})`),
  ],
);

/**
 * Bytes on their way between services, handed over by ID and hash instead of
 * riding on RabbitMQ: a raw upload until signing has normalised it, a
 * generated report until the gateway has sent it. Mutable and short-lived —
 * the receiver discards a row once done, and anything older than the
 * retention is pruned — so nothing refused or abandoned is kept.
 */
export const stagedFiles = blobStoreSchema.table(
  'staged_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('staged_files_sha256_hex', sql`${table.sha256} ~ '^[0-9a-f]{64}$'`),
    check('staged_files_size_matches', sql`${table.sizeBytes} = octet_length(${table.content})`),
    index('staged_files_created_idx').on(table.createdAt),
  ],
);
