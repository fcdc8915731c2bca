import { z } from 'zod';
import { AppConfig, configSchema } from './config.schema';
import { keyProblems, readFileVariables } from './process-keys';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration / 設定が正しくありません:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once, at boot. Every problem is reported at once,
 * each naming its variable, so an operator fixes them in one pass.
 * Empty strings count as unset, so `FOO=` falls back to the default; a secret
 * may come from the file `<NAME>_FILE` names. With `processName` one of
 * PROCESS_KEYS, production requires exactly that process's keys (process-keys.ts);
 * without, the whole set.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, processName?: string): AppConfig {
  const files = readFileVariables(env);
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = files.env[key];
    if (value !== undefined && value !== '') {
      input[key] = value;
    }
  }
  const parsed = configSchema.safeParse(input);
  const problems = [
    ...files.problems,
    ...(parsed.success ? [] : parsed.error.issues.map(describeIssue)),
    ...keyProblems(processName, input),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(problems);
  }
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.join('.') || '(environment)';
  return `${name}: ${issue.message}`;
}

export type ServiceName = 'identity' | 'contract-workflow' | 'signing' | 'notification';

/** The database a service owns: its own URL if set, else the shared one. */
export function databaseUrlFor(config: AppConfig, owner: ServiceName | 'blob-store' | 'gateway'): string {
  switch (owner) {
    case 'identity':
      return config.IDENTITY_DATABASE_URL ?? config.DATABASE_URL;
    case 'contract-workflow':
      return config.CONTRACT_WORKFLOW_DATABASE_URL ?? config.DATABASE_URL;
    case 'signing':
      return config.SIGNING_DATABASE_URL ?? config.DATABASE_URL;
    case 'notification':
      return config.NOTIFICATION_DATABASE_URL ?? config.DATABASE_URL;
    case 'blob-store':
      return config.BLOB_DATABASE_URL ?? config.DATABASE_URL;
    case 'gateway':
      return config.DATABASE_URL;
  }
}

/** For a process entry point: the validated config, or the problems on stderr and exit code 78 (EX_CONFIG). */
export function loadConfigOrExit(processName: string, env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env, processName);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${processName}: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
