import { readFileSync } from 'node:fs';
import { DEVELOPMENT_SEAL_KEYS, DEVELOPMENT_SIGNING_MASTER_KEY, DEVELOPMENT_WEBHOOK_SECRET_KEY } from './dev-keys';

/** The key material of an installation (`npm run keys:generate` makes a complete set). */
export const KEY_VARIABLES = [
  'IDENTITY_SEAL_PUBLIC_KEY',
  'IDENTITY_SEAL_PRIVATE_KEY',
  'NOTIFICATION_SEAL_PUBLIC_KEY',
  'NOTIFICATION_SEAL_PRIVATE_KEY',
  'SIGNING_SEAL_PUBLIC_KEY',
  'SIGNING_SEAL_PRIVATE_KEY',
  'SIGNING_MASTER_KEY',
  'WEBHOOK_SECRET_KEY',
] as const;
export type KeyVariable = (typeof KEY_VARIABLES)[number];

/**
 * Variables that may instead be read from a file named by `<NAME>_FILE` (Docker/Kubernetes
 * secrets): the keys, and every URL that may carry a password.
 */
export const FILE_VARIABLES = [
  ...KEY_VARIABLES,
  'DATABASE_URL',
  'IDENTITY_DATABASE_URL',
  'CONTRACT_WORKFLOW_DATABASE_URL',
  'SIGNING_DATABASE_URL',
  'NOTIFICATION_DATABASE_URL',
  'BLOB_DATABASE_URL',
  'AMQP_URL',
  'REDIS_URL',
  'SMTP_URL',
] as const;

/**
 * The keys each process uses — and so, in production, must be given and may not be given more.
 * A process holds only what it needs: a leaked gateway cannot open a sealed signing password,
 * notification cannot unwrap a certificate's private key. Public keys seal a secret to its
 * reader; private keys open what was sealed to their own service.
 */
export const PROCESS_KEYS = {
  gateway: ['IDENTITY_SEAL_PUBLIC_KEY', 'SIGNING_SEAL_PUBLIC_KEY'],
  identity: ['IDENTITY_SEAL_PRIVATE_KEY', 'NOTIFICATION_SEAL_PUBLIC_KEY'],
  'contract-workflow': ['WEBHOOK_SECRET_KEY'],
  signing: ['SIGNING_SEAL_PRIVATE_KEY', 'NOTIFICATION_SEAL_PUBLIC_KEY', 'SIGNING_MASTER_KEY'],
  'signing-worker': ['SIGNING_SEAL_PRIVATE_KEY', 'NOTIFICATION_SEAL_PUBLIC_KEY', 'SIGNING_MASTER_KEY'],
  notification: ['NOTIFICATION_SEAL_PRIVATE_KEY'],
  migrate: [],
  'create-operator': [],
  'dead-letters': [],
  // Refused in production before it touches anything (scripts/seed.ts); no key to check there.
  seed: [],
  'generate-keys': [],
} as const satisfies Record<string, readonly KeyVariable[]>;
export type KeyedProcess = keyof typeof PROCESS_KEYS;

export function isKeyedProcess(name: string | undefined): name is KeyedProcess {
  return name !== undefined && Object.hasOwn(PROCESS_KEYS, name);
}

const DEVELOPMENT_VALUES: Record<KeyVariable, string> = {
  IDENTITY_SEAL_PUBLIC_KEY: DEVELOPMENT_SEAL_KEYS.identity.publicKey,
  IDENTITY_SEAL_PRIVATE_KEY: DEVELOPMENT_SEAL_KEYS.identity.privateKey,
  NOTIFICATION_SEAL_PUBLIC_KEY: DEVELOPMENT_SEAL_KEYS.notification.publicKey,
  NOTIFICATION_SEAL_PRIVATE_KEY: DEVELOPMENT_SEAL_KEYS.notification.privateKey,
  SIGNING_SEAL_PUBLIC_KEY: DEVELOPMENT_SEAL_KEYS.signing.publicKey,
  SIGNING_SEAL_PRIVATE_KEY: DEVELOPMENT_SEAL_KEYS.signing.privateKey,
  SIGNING_MASTER_KEY: DEVELOPMENT_SIGNING_MASTER_KEY,
  WEBHOOK_SECRET_KEY: DEVELOPMENT_WEBHOOK_SECRET_KEY,
};
const PUBLIC_DEVELOPMENT_VALUES = new Set(Object.values(DEVELOPMENT_VALUES));

/**
 * Replaces each `<NAME>_FILE` by the file's content (one trailing newline dropped). A variable
 * given both ways, or a file that cannot be read, is a problem; the content is never echoed.
 */
export function readFileVariables(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; problems: string[] } {
  const resolved: NodeJS.ProcessEnv = { ...env };
  const problems: string[] = [];
  for (const name of FILE_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === '') {
      continue;
    }
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}_FILE: ${name} is set too; give one of them`);
      continue;
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { env: resolved, problems };
}

/**
 * Production rules for the keys. A known process must be given exactly its own keys, none of
 * them a public development key; any other caller (npm start, the demo) needs the whole set.
 * Outside production the development keys fill in, so nothing is checked.
 */
export function keyProblems(processName: string | undefined, given: Partial<Record<string, string>>): string[] {
  if (given.NODE_ENV !== 'production') {
    return [];
  }
  const present = (name: KeyVariable) => given[name] !== undefined && given[name] !== '';
  const own: readonly KeyVariable[] = isKeyedProcess(processName) ? PROCESS_KEYS[processName] : KEY_VARIABLES;
  const problems: string[] = [];
  for (const name of own) {
    if (!present(name) || PUBLIC_DEVELOPMENT_VALUES.has(given[name] as string)) {
      problems.push(`${name}: must be set in production (the development key is public)`);
    }
  }
  if (isKeyedProcess(processName)) {
    for (const name of KEY_VARIABLES.filter((key) => !own.includes(key) && present(key))) {
      problems.push(`${name}: ${processName} does not use this key; remove it (each process holds only its own keys, docs/deploy.md)`);
    }
  }
  return problems;
}

/** `env` without the keys (or key files) `processName` does not use: what a supervisor hands each child. */
export function envForProcess(processName: KeyedProcess, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const own: readonly KeyVariable[] = PROCESS_KEYS[processName];
  const foreign = KEY_VARIABLES.filter((name) => !own.includes(name)).flatMap((name) => [name, `${name}_FILE`]);
  return Object.fromEntries(Object.entries(env).filter(([name]) => !foreign.includes(name)));
}
