import { AppConfig, ConfigError, loadConfig } from '@app/config';

/**
 * Runs a command-line script: validates the environment (exit 78 naming each
 * bad variable), runs `main`, and exits with its code (1 on an unexpected error).
 */
export function runCli(name: string, main: (config: AppConfig) => Promise<number>): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  main(config).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name}: failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
