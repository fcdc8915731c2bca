import { defineConfig } from 'drizzle-kit';

// The bulk-sign sessions (一括署名): their own schema and migration journal.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/contract-workflow/src/bulk-sign/bulk-sign.schema.ts',
  out: './apps/contract-workflow/migrations-bulk',
  schemaFilter: ['contract_bulk'],
  migrations: { schema: 'contract_bulk', table: '__migrations' },
});
