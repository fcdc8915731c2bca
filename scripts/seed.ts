import { AppConfig } from '@app/config';
import { runCli } from './cli';

/**
 * Demo data for local runs: idempotent, so `npm start` can run it every time.
 * Nothing to seed yet; companies and users arrive with the Identity issue.
 */
export function seedDemoData(config: AppConfig, log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  void config;
  log('seed: demo data — nothing to seed yet (companies and users arrive with the Identity issue)');
  return Promise.resolve();
}

async function main(config: AppConfig): Promise<number> {
  try {
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
