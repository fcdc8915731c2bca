import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration here after a schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/identity/src/database/identity.schema.ts',
  out: './apps/identity/migrations',
  schemaFilter: ['identity'],
  migrations: { schema: 'identity', table: '__migrations' },
});
