import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration here after a schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/notification/src/database/notification.schema.ts',
  out: './apps/notification/migrations',
  schemaFilter: ['notification'],
  migrations: { schema: 'notification', table: '__migrations' },
});
