import { sql } from 'drizzle-orm';
import { check, customType, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

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
