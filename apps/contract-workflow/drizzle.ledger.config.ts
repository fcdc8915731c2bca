import { defineConfig } from 'drizzle-kit';

// The ledger tables (billing, audit trail, webhooks): their own schema and migration journal.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/contract-workflow/src/ledger/ledger.schema.ts',
  out: './apps/contract-workflow/migrations-ledger',
  schemaFilter: ['contract_ledger'],
  migrations: { schema: 'contract_ledger', table: '__migrations' },
});
