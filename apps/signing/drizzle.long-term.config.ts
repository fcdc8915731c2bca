import { defineConfig } from 'drizzle-kit';

// 長期保管延長's renewals on the signing side: their own schema and migration journal.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/signing/src/long-term-renewal/renewal.schema.ts',
  out: './apps/signing/migrations-long-term',
  schemaFilter: ['signing_long_term'],
  migrations: { schema: 'signing_long_term', table: '__migrations' },
});
