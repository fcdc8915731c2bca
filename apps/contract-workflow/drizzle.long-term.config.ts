import { defineConfig } from 'drizzle-kit';

// 長期保管延長 (the renewal of long-term signatures): its own schema and migration journal.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/contract-workflow/src/long-term/long-term.schema.ts',
  out: './apps/contract-workflow/migrations-long-term',
  schemaFilter: ['contract_long_term'],
  migrations: { schema: 'contract_long_term', table: '__migrations' },
});
