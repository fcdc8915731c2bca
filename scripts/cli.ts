import { AppConfig, loadConfigOrExit } from '@app/config';

/**
 * Runs a command-line script: validates the environment (exit 78 naming each
 * bad variable), runs `main`, and exits with its code (1 on an unexpected error).
 */
export function runCli(name: string, main: (config: AppConfig) => Promise<number>): void {
  const config = loadConfigOrExit(name);
  main(config).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name}: failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
