import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration here after a schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/signing/src/database/signing.schema.ts',
  out: './apps/signing/migrations',
  schemaFilter: ['signing'],
  migrations: { schema: 'signing', table: '__migrations' },
});
