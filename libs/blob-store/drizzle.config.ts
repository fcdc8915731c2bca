import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration here after a schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/blob-store/src/blob.schema.ts',
  out: './libs/blob-store/migrations',
  schemaFilter: ['blob_store'],
  migrations: { schema: 'blob_store', table: '__migrations' },
});
