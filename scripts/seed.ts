import { AppConfig, ConfigError, loadConfig } from '@app/config';

/**
 * Demo data for local runs: idempotent, so `npm start` can run it every time.
 * Nothing to seed yet; companies and users arrive with the Identity issue.
 */
export function seedDemoData(config: AppConfig, log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  void config;
  log('seed: demo data — nothing to seed yet (companies and users arrive with the Identity issue)');
  return Promise.resolve();
}

async function main(): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`seed: ${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  try {
    await seedDemoData(config);
  } catch (error) {
    process.stderr.write(`seed: failed / デモデータの投入に失敗しました: ${(error as Error).message}\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`seed: failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
