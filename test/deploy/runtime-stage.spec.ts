import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AppConfig, PROCESS_KEYS } from '@app/config';
import { createTestDatabase, deleteTopology, dropTestDatabase, testConfig } from '@app/testing';
import { generateKeySet } from '@scripts/generate-keys';
import { APP_COMMANDS, APP_NAMES, AppName, MIGRATE_COMMAND } from './apps';
import { followStage, Instruction, readDockerfile, repoRoot, stage, StageDir } from './dockerfile-steps';
import { AppProcess, freePort, getJson, until } from './processes';

/**
 * deploy/Dockerfile's steps on the machine's Node, without Docker: the build stage's build,
 * entry-point check and migration staging; the deps stage's production install with the same
 * npm flags; the runtime stage's copies. Then every process boots from that tree in production
 * mode with only its own keys against the real PostgreSQL, RabbitMQ and Redis, until each
 * answers /readyz — any crash fails. One scratch install serves the whole file.
 */

jest.setTimeout(600_000);

const keys = generateKeySet();
let scratch: string;
let runtime: StageDir;
let imageEnv: Record<string, string>;
let config: AppConfig;
const running: AppProcess[] = [];

/** What a Deployment gives a process: the image's ENV, the shared connection settings, its own keys. */
function envFor(name: AppName | 'migrate' | 'seed', extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const own = name === 'seed' ? [] : PROCESS_KEYS[name];
  return {
    PATH: process.env.PATH,
    ...imageEnv,
    MAIL_DROP_DIR: path.join(scratch, 'mail'),
    LOG_LEVEL: 'info',
    DATABASE_URL: config.DATABASE_URL,
    AMQP_URL: config.AMQP_URL,
    AMQP_PREFIX: config.AMQP_PREFIX,
    REDIS_URL: config.REDIS_URL,
    REDIS_PREFIX: config.REDIS_PREFIX,
    ...Object.fromEntries(own.map((key) => [key, keys[key]])),
    ...extra,
  };
}

function start(name: AppName, extra: Record<string, string> = {}): AppProcess {
  const [, ...args] = APP_COMMANDS[name];
  const app = new AppProcess(name, args, { cwd: runtime.app, env: envFor(name, extra) });
  running.push(app);
  return app;
}

function runScript(name: 'migrate' | 'seed', args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd: runtime.app, env: envFor(name), encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function count(table: string): Promise<number> {
  const client = new Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'inkan-runtime-stage-'));
  const stages = readDockerfile();

  // build: the sources as `COPY . .` brings them, the full dev install being the repository's own.
  const build = new StageDir(path.join(scratch, 'build'));
  for (const entry of ['apps', 'libs', 'scripts', 'tsconfig.json', 'nest-cli.json']) {
    cpSync(path.join(repoRoot, entry), path.join(build.app, entry), {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
    });
  }
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(build.app, 'node_modules'), 'dir');
  const devInstall = (instruction: Instruction) =>
    (instruction.keyword === 'COPY' && instruction.args === '. .') ||
    (instruction.keyword === 'RUN' && /^npm ci\b/.test(instruction.args) && !instruction.args.includes('--omit=dev'));
  followStage(stage(stages, 'build').instructions, build, {}, devInstall);

  // deps and runtime: exactly as written.
  const deps = new StageDir(path.join(scratch, 'deps'));
  followStage(stage(stages, 'deps').instructions, deps, {});
  runtime = new StageDir(path.join(scratch, 'runtime'));
  imageEnv = followStage(stage(stages, 'runtime').instructions, runtime, { build, deps });
  mkdirSync(path.join(scratch, 'mail'));

  config = testConfig();
  await createTestDatabase(config);
}, 600_000);

afterAll(async () => {
  await Promise.all(running.map((app) => app.stop(5_000)));
  if (config) {
    await deleteTopology(config).catch(() => undefined);
    await dropTestDatabase(config).catch(() => undefined);
  }
  if (scratch) {
    rmSync(scratch, { recursive: true, force: true });
  }
});

describe('the runtime stage of deploy/Dockerfile, on this machine', () => {
  it('is a production image: NODE_ENV, probe port and a writable mail directory set', () => {
    expect(imageEnv).toMatchObject({ NODE_ENV: 'production', HEALTH_PORT: '9090' });
    expect(imageEnv.MAIL_DROP_DIR).toMatch(/^\/app\/\.var\//);
  });

  it('holds every migration folder the code reads, and migrates in production with no key at all', async () => {
    const migrate = runScript('migrate', MIGRATE_COMMAND.slice(1));
    expect({ status: migrate.status, output: migrate.output }).toEqual({ status: 0, output: expect.stringContaining('contract_bulk') });
    for (const schema of ['blob_store', 'identity', 'contract_workflow', 'contract_ledger', 'contract_bulk', 'signing', 'notification']) {
      expect(migrate.output).toMatch(new RegExp(`migrate: ${schema}\\s+applied \\d+ migration`));
    }
  });

  it('refuses to seed demo data in production, and leaves no demo account', async () => {
    const seed = runScript('seed', ['dist/scripts/seed.js']);
    expect(seed.status).toBe(78);
    expect(seed.output).toContain('seed: refused with NODE_ENV=production');
    expect(seed.output).toContain('本番モード');
    expect(await count('identity.operators')).toBe(0);
    expect(await count('identity.users')).toBe(0);
  });

  it('boots every process with only its own keys until each is ready; /health lists the signing worker; no demo account appears', async () => {
    const ports = Object.fromEntries(await Promise.all(APP_NAMES.map(async (name) => [name, await freePort()] as const))) as Record<
      AppName,
      number
    >;
    const gatewayPort = await freePort();
    const apps = APP_NAMES.map((name) =>
      start(name, {
        HEALTH_PORT: String(ports[name]),
        ...(name === 'gateway' ? { GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: String(gatewayPort) } : {}),
      }),
    );
    for (const name of APP_NAMES) {
      const ready = await until(
        `${name} /readyz`,
        async () => {
          const answer = await getJson(`http://127.0.0.1:${ports[name]}/readyz`);
          return answer?.status === 200 ? answer : undefined;
        },
        180_000,
        apps,
      );
      expect(ready.body.status).toBe('ready');
      expect(await getJson(`http://127.0.0.1:${ports[name]}/livez`)).toEqual({ status: 200, body: { status: 'ok' } });
    }
    const health = await until(
      'gateway /health ok with one signing worker',
      async () => {
        const answer = await getJson(`http://127.0.0.1:${gatewayPort}/health`);
        const workers = answer?.body.components?.['signing-workers'] as { count?: number } | undefined;
        return answer?.status === 200 && workers?.count === 1 ? answer : undefined;
      },
      60_000,
      apps,
    );
    const workers = health.body.components?.['signing-workers'] as unknown as { workers: Array<{ state: string; instance: string }> };
    expect(workers.workers).toEqual([expect.objectContaining({ state: 'running', instance: expect.stringContaining(`:${apps[4].pid}`) })]);
    expect(await count('identity.operators')).toBe(0);
    expect(await count('identity.users')).toBe(0);

    // A clean stop: each process drains and ends on SIGTERM within the grace time, never SIGKILLed.
    for (const app of [...apps].reverse()) {
      expect({ name: app.name, exit: cleanStop(await app.stop(60_000)) }).toEqual({ name: app.name, exit: 'clean' });
    }
  });

  it.each([
    ['gateway', 'SIGNING_MASTER_KEY'],
    ['notification', 'IDENTITY_SEAL_PRIVATE_KEY'],
  ] as const)('%s refuses to start when also given %s, with exit code 78', async (name, foreign) => {
    const app = start(name, { [foreign]: keys[foreign], HEALTH_PORT: String(await freePort()) });
    await app.waitForExit();
    expect(app.exit?.code).toBe(78);
    expect(app.output.join('\n')).toContain(`${foreign}: ${name} does not use this key`);
  });
});

describe('a signing worker without Redis (a private redis-server)', () => {
  let redisDir: string;
  let redisPort: number;
  let redis: AppProcess | undefined;

  beforeAll(async () => {
    redisDir = mkdtempSync(path.join(tmpdir(), 'inkan-redis-'));
    redisPort = await freePort();
  });

  afterAll(async () => {
    await redis?.stop(5_000);
    rmSync(redisDir, { recursive: true, force: true });
  });

  it('stays live while Redis is down and is ready again when it returns', async () => {
    redis = spawnRedis(redisDir, redisPort);
    await until('redis-server listening', () => redisAnswers(redisPort), 20_000, [redis]);
    const port = await freePort();
    const worker = start('signing-worker', { REDIS_URL: `redis://127.0.0.1:${redisPort}`, HEALTH_PORT: String(port) });
    const probe = (what: 'livez' | 'readyz') => getJson(`http://127.0.0.1:${port}/${what}`);
    await until('worker ready', async () => ((await probe('readyz'))?.status === 200 ? true : undefined), 120_000, [worker]);

    await redis.stop(5_000);
    const down = await until(
      'worker not ready',
      async () => {
        const answer = await probe('readyz');
        return answer?.status === 503 ? answer : undefined;
      },
      30_000,
      [worker],
    );
    expect(down.body.components?.redis?.status).toBe('down');
    expect(down.body.components?.postgres?.status).toBe('up');
    // Live the whole time Redis is away: a liveness probe must not restart it for an outage.
    for (let i = 0; i < 5; i += 1) {
      expect(await probe('livez')).toEqual({ status: 200, body: { status: 'ok' } });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(worker.exit).toBeUndefined();

    redis = spawnRedis(redisDir, redisPort);
    await until('redis-server listening', () => redisAnswers(redisPort), 20_000, [redis]);
    await until('worker ready again', async () => ((await probe('readyz'))?.status === 200 ? true : undefined), 60_000, [worker]);
    expect(cleanStop(await worker.stop(60_000))).toBe('clean');
  });
});

/** Code 0, or Nest's re-raised SIGTERM after its shutdown hooks ran (exit 143 under tini); never a SIGKILL. */
function cleanStop(exit: AppProcess['exit']): string {
  return exit && ((exit.code === 0 && exit.signal === null) || (exit.code === null && exit.signal === 'SIGTERM'))
    ? 'clean'
    : JSON.stringify(exit);
}

function redisAnswers(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(undefined));
  });
}

function spawnRedis(dir: string, port: number): AppProcess {
  // AppProcess runs node; a redis-server is started through a one-line node wrapper that execs it.
  return new AppProcess(
    'redis-server',
    [
      '-e',
      `const c = require('node:child_process').spawn('redis-server', ['--port', '${port}', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', ${JSON.stringify(dir)}], { stdio: 'inherit' });` +
        "process.on('SIGTERM', () => c.kill('SIGTERM')); c.on('exit', (code) => process.exit(code ?? 0));",
    ],
    { cwd: dir, env: process.env },
  );
}
