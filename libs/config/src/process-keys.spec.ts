import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSealKeyPair } from '@app/contracts';
import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_SIGNING_MASTER_KEY } from './dev-keys';
import { ConfigError, loadConfig } from './load-config';
import { envForProcess, KEY_VARIABLES, KeyVariable, PROCESS_KEYS } from './process-keys';

function freshKeys(): Record<KeyVariable, string> {
  const [identity, notification, signing] = [generateSealKeyPair(), generateSealKeyPair(), generateSealKeyPair()];
  return {
    IDENTITY_SEAL_PUBLIC_KEY: identity.publicKey,
    IDENTITY_SEAL_PRIVATE_KEY: identity.privateKey,
    NOTIFICATION_SEAL_PUBLIC_KEY: notification.publicKey,
    NOTIFICATION_SEAL_PRIVATE_KEY: notification.privateKey,
    SIGNING_SEAL_PUBLIC_KEY: signing.publicKey,
    SIGNING_SEAL_PRIVATE_KEY: signing.privateKey,
    SIGNING_MASTER_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
  };
}

function problems(env: NodeJS.ProcessEnv, processName?: string): string[] {
  try {
    loadConfig(env, processName);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
}

describe('per-process keys in production', () => {
  const keys = freshKeys();

  it.each(Object.entries(PROCESS_KEYS))('%s starts with exactly its own keys, and names each missing one', (name, own) => {
    const env = { NODE_ENV: 'production', ...Object.fromEntries(own.map((key) => [key, keys[key]])) };
    expect(problems(env, name)).toEqual([]);
    for (const key of own) {
      const without = { ...env, [key]: undefined };
      expect(problems(without, name)).toEqual([`${key}: must be set in production (the development key is public)`]);
    }
  });

  it.each(Object.entries(PROCESS_KEYS))('%s refuses a key it does not use', (name, own) => {
    const base = { NODE_ENV: 'production', ...Object.fromEntries(own.map((key) => [key, keys[key]])) };
    for (const key of KEY_VARIABLES.filter((candidate) => !(own as readonly string[]).includes(candidate))) {
      expect(problems({ ...base, [key]: keys[key] }, name)).toEqual([
        `${key}: ${name} does not use this key; remove it (each process holds only its own keys, docs/deploy.md)`,
      ]);
    }
  });

  it('refuses a public development key even when given explicitly', () => {
    expect(
      problems(
        {
          NODE_ENV: 'production',
          SIGNING_SEAL_PRIVATE_KEY: keys.SIGNING_SEAL_PRIVATE_KEY,
          NOTIFICATION_SEAL_PUBLIC_KEY: keys.NOTIFICATION_SEAL_PUBLIC_KEY,
          SIGNING_MASTER_KEY: DEVELOPMENT_SIGNING_MASTER_KEY,
        },
        'signing',
      ),
    ).toEqual(['SIGNING_MASTER_KEY: must be set in production (the development key is public)']);
  });

  it('needs the whole set without a process name (npm start, the demo), and nothing outside production', () => {
    expect(problems({ NODE_ENV: 'production' })).toHaveLength(KEY_VARIABLES.length);
    expect(problems({ NODE_ENV: 'production', ...keys })).toEqual([]);
    expect(problems({ NODE_ENV: 'development' }, 'gateway')).toEqual([]);
  });

  it('hands each child of a supervisor only its own keys', () => {
    const env = envForProcess('notification', { NODE_ENV: 'production', PATH: '/usr/bin', ...keys, SIGNING_MASTER_KEY_FILE: '/run/x' });
    expect(Object.keys(env).sort()).toEqual(['NODE_ENV', 'NOTIFICATION_SEAL_PRIVATE_KEY', 'PATH']);
  });
});

describe('<NAME>_FILE', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'inkan-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a secret or a URL from a file, dropping one trailing newline', () => {
    const key = randomBytes(32).toString('base64');
    writeFileSync(path.join(dir, 'key'), `${key}\n`);
    writeFileSync(path.join(dir, 'db'), 'postgresql://inkan:s3cret@db.internal:5432/inkan');
    const config = loadConfig({ WEBHOOK_SECRET_KEY_FILE: path.join(dir, 'key'), DATABASE_URL_FILE: path.join(dir, 'db') });
    expect(config.WEBHOOK_SECRET_KEY).toBe(key);
    expect(config.DATABASE_URL).toBe('postgresql://inkan:s3cret@db.internal:5432/inkan');
  });

  it('counts a key from a file as given (production, per process)', () => {
    const keys = freshKeys();
    writeFileSync(path.join(dir, 'WEBHOOK_SECRET_KEY'), keys.WEBHOOK_SECRET_KEY);
    expect(
      problems({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY_FILE: path.join(dir, 'WEBHOOK_SECRET_KEY') }, 'contract-workflow'),
    ).toEqual([]);
    expect(problems({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY_FILE: path.join(dir, 'WEBHOOK_SECRET_KEY') }, 'gateway')).toEqual([
      'IDENTITY_SEAL_PUBLIC_KEY: must be set in production (the development key is public)',
      'SIGNING_SEAL_PUBLIC_KEY: must be set in production (the development key is public)',
      'WEBHOOK_SECRET_KEY: gateway does not use this key; remove it (each process holds only its own keys, docs/deploy.md)',
    ]);
  });

  it('refuses an unreadable file or a variable given both ways, without echoing any content', () => {
    writeFileSync(path.join(dir, 'key'), 'c2VjcmV0');
    expect(problems({ SIGNING_MASTER_KEY_FILE: path.join(dir, 'missing') })).toEqual([
      `SIGNING_MASTER_KEY_FILE: cannot read ${path.join(dir, 'missing')} (ENOENT)`,
    ]);
    expect(problems({ SIGNING_MASTER_KEY: 'x', SIGNING_MASTER_KEY_FILE: path.join(dir, 'key') })).toEqual([
      'SIGNING_MASTER_KEY_FILE: SIGNING_MASTER_KEY is set too; give one of them',
      'SIGNING_MASTER_KEY: must be 32 bytes in base64 (44 characters)',
    ]);
    expect(problems({ SIGNING_MASTER_KEY_FILE: path.join(dir, 'key') }).join('\n')).not.toContain('c2VjcmV0');
  });
});
