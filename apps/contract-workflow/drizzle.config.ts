import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration here after a schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/contract-workflow/src/database/contract-workflow.schema.ts',
  out: './apps/contract-workflow/migrations',
  schemaFilter: ['contract_workflow'],
  migrations: { schema: 'contract_workflow', table: '__migrations' },
});
