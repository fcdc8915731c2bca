import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, KEY_VARIABLES, loadConfig, PROCESS_KEYS } from '@app/config';
import { generateKeySet } from '@scripts/generate-keys';
import { APP_COMMANDS, APP_NAMES, MIGRATE_COMMAND } from './apps';
import { repoRoot } from './dockerfile-steps';

/**
 * Both Compose files through `docker-compose config` (the Debian docker-compose CI installs):
 * the development file as it is, the production file refused without its secrets and, with
 * placeholders, held to the production rules — every image pinned, admin UIs on loopback,
 * limits, Redis with a password and AOF, migrations without seeding, and each app's environment
 * accepted by its own config in production mode with exactly its keys.
 */

jest.setTimeout(60_000);

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number | null>;
  ports?: Array<string | { published?: string | number; target?: number; host_ip?: string }>;
  mem_limit?: string | number;
  cpus?: string | number;
  read_only?: boolean;
  scale?: number;
  restart?: string;
  depends_on?: Record<string, { condition?: string }>;
}

const prodFile = path.join(repoRoot, 'docker-compose.prod.yml');
const devFile = path.join(repoRoot, 'docker-compose.yml');
let scratch: string;
let envFile: string;
const keys = generateKeySet();

function composeConfig(file: string, extraArgs: string[] = []): { status: number | null; stdout: string; stderr: string } {
  // An empty environment: nothing from this shell may fill in a required variable.
  const result = spawnSync('docker-compose', ['-f', file, ...extraArgs, 'config'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: scratch },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'inkan-compose-'));
  envFile = path.join(scratch, '.env.prod');
  const placeholders: Record<string, string> = {
    INKAN_IMAGE: 'registry.example.jp/inkan:0.1.0',
    PUBLIC_BASE_URL: 'https://inkan.example.jp',
    POSTGRES_PASSWORD: 'placeholder-postgres',
    RABBITMQ_PASSWORD: 'placeholder-rabbitmq',
    REDIS_PASSWORD: 'placeholder-redis',
    SMTP_URL: 'smtps://inkan:placeholder@smtp.example.jp:465',
    MAIL_FROM: 'inkan <no-reply@example.jp>',
    ...keys,
  };
  writeFileSync(
    envFile,
    Object.entries(placeholders)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docker-compose config', () => {
  it('accepts the development file as it is (one command, no variable needed)', () => {
    const result = composeConfig(devFile);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('refuses the production file without its secrets, naming what to set', () => {
    const result = composeConfig(prodFile);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set (INKAN_IMAGE|PUBLIC_BASE_URL|POSTGRES_PASSWORD|RABBITMQ_PASSWORD|REDIS_PASSWORD)/);
  });

  it.each(['SIGNING_MASTER_KEY', 'REDIS_PASSWORD', 'SMTP_URL'])('refuses the production file when only %s is missing', (name) => {
    const partial = path.join(scratch, `.env.without-${name}`);
    const lines = execFileSync('cat', [envFile], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line && !line.startsWith(`${name}=`));
    writeFileSync(partial, `${lines.join('\n')}\n`);
    const result = composeConfig(prodFile, ['--env-file', partial]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`set ${name}`);
  });
});

describe('docker-compose.prod.yml with its secrets', () => {
  let services: Record<string, Service>;

  beforeAll(() => {
    const result = composeConfig(prodFile, ['--env-file', envFile]);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    services = (parse(result.stdout) as { services: Record<string, Service> }).services;
  });

  it('pins every image to a version (no floating tag)', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect({ name, image: svc.image }).toEqual({ name, image: expect.stringMatching(/:[^:@]*\d[^:@]*$/) });
      expect({ name, image: svc.image }).not.toEqual({ name, image: expect.stringMatching(/:(latest|\d+)$/) });
    }
  });

  it('publishes nothing on all interfaces: the management UI and the gateway bind to 127.0.0.1', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const port of svc.ports ?? []) {
        const hostIp =
          typeof port === 'object' ? port.host_ip : String(port).split(':').length === 3 ? String(port).split(':')[0] : undefined;
        expect({ name, port, hostIp }).toEqual({ name, port, hostIp: '127.0.0.1' });
      }
    }
    expect(services.rabbitmq.ports).toEqual(['127.0.0.1:15672:15672/tcp']);
    expect(services.gateway.ports).toEqual(['127.0.0.1:3000:3000/tcp']);
  });

  it('limits memory and CPU of every service', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect({ name, memory: svc.mem_limit !== undefined, cpus: svc.cpus !== undefined }).toEqual({ name, memory: true, cpus: true });
    }
  });

  it('runs Redis with a password, AOF and no eviction, and gives the apps that password', () => {
    const command = (services.redis.command ?? []).join(' ');
    expect(command).toContain('--requirepass placeholder-redis');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(services.gateway.environment?.REDIS_URL).toBe('redis://:placeholder-redis@redis:6379');
  });

  it('migrates once, never seeds, and every app waits for it; signing-worker scales', () => {
    expect(services.migrate.command).toEqual(MIGRATE_COMMAND);
    expect(services.migrate.restart).toBe('no');
    for (const name of APP_NAMES) {
      expect({ name, command: services[name].command }).toEqual({ name, command: APP_COMMANDS[name] });
      expect(services[name].depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(services[name].read_only).toBe(true);
    }
    expect(services['signing-worker'].scale).toBe(2);
    expect(JSON.stringify(services)).not.toContain('seed');
  });

  it.each([...APP_NAMES, 'migrate'] as const)('%s: its environment passes its own config in production, with exactly its keys', (name) => {
    const env = Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([key, value]) => [key, String(value ?? '')]));
    expect(env.NODE_ENV).toBe('production');
    let problems: string[] = [];
    try {
      loadConfig(env, name);
    } catch (error) {
      problems = error instanceof ConfigError ? error.problems : [String(error)];
    }
    expect(problems).toEqual([]);
    expect(KEY_VARIABLES.filter((key) => env[key] !== undefined).sort()).toEqual([...PROCESS_KEYS[name]].sort());
  });
});
