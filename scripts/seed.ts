import { AppConfig, databaseUrlFor } from '@app/config';
import { openDatabase } from '@app/db';
import { DEMO_PASSWORD, seedIdentityDemo } from '@apps/identity/src/demo/demo-data';
import { runCli } from './cli';
import { migrateAll } from './migrate';

/**
 * Demo data for local runs: an operator, a general contractor and a
 * subcontractor with their users. Idempotent, so `npm start` runs it every time.
 */
export async function seedDemoData(config: AppConfig, log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  const identity = openDatabase(databaseUrlFor(config, 'identity'), { poolSize: 1, applicationName: 'inkan-seed' });
  try {
    const accounts = await seedIdentityDemo(identity.db);
    log(`seed: demo accounts (password for all: ${DEMO_PASSWORD})`);
    for (const account of accounts) {
      log(`  ${account.loginId}  ${account.name}  ${account.company}  [${account.roles}]`);
    }
  } finally {
    await identity.close();
  }
}

async function main(config: AppConfig): Promise<number> {
  try {
    await migrateAll(config);
    await seedDemoData(config);
  } catch (error) {
    process.stderr.write(`seed: failed / デモデータの投入に失敗しました: ${(error as Error).message}\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  runCli('seed', main);
}
