import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';

/**
 * `npm start`, `migrate` as processes: what an operator sees when a dependency
 * is missing or the configuration is wrong, and that migrating is repeatable.
 * The scripts run from TypeScript (@swc-node/register resolves the path
 * aliases from tsconfig.json), so no build is needed; none of these cases gets
 * as far as starting the apps.
 */

const root = path.resolve(__dirname, '../..');
const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/inkan';

/** Variables inherited from the caller's shell that would change what these runs mean. */
const ISOLATED = [
  'AMQP_URL',
  'REDIS_URL',
  'GATEWAY_HOST',
  'GATEWAY_PORT',
  'IDENTITY_DATABASE_URL',
  'CONTRACT_WORKFLOW_DATABASE_URL',
  'SIGNING_DATABASE_URL',
  'NOTIFICATION_DATABASE_URL',
  'BLOB_DATABASE_URL',
];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
}

function runScript(script: string, env: Record<string, string>, timeoutMs = 15_000): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ISOLATED) {
    delete childEnv[name];
  }
  // GATEWAY_PORT 0: don't report a busy port 3000 from someone else's run.
  Object.assign(childEnv, { GATEWAY_PORT: '0' }, env);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not exit within ${timeoutMs} ms; output so far:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
}

describe('npm start (scripts/start.ts)', () => {
  it('stops at once, naming RabbitMQ, its address and AMQP_URL, when RabbitMQ is unreachable', async () => {
    const run = await runScript('scripts/start.ts', { AMQP_URL: 'amqp://guest:s3cret-pw@127.0.0.1:1' });

    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.ms).toBeLessThan(15_000);
    expect(run.output).toContain('RabbitMQ');
    expect(run.output).toContain('127.0.0.1:1');
    expect(run.output).toContain('AMQP_URL');
    expect(run.output).toContain('rabbitmq-server -detached');
    expect(run.output).toContain('docker compose up');
    expect(run.output).not.toContain('s3cret-pw');
    expect(run.output).not.toMatch(/is consuming its queue|gateway listening/);
  });

  it('stops at once, naming Redis, its address and REDIS_URL, when Redis is unreachable', async () => {
    const run = await runScript('scripts/start.ts', { REDIS_URL: 'redis://:s3cret-pw@127.0.0.1:1' });

    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.output).toContain('Redis');
    expect(run.output).toContain('127.0.0.1:1');
    expect(run.output).toContain('REDIS_URL');
    expect(run.output).toContain('redis-server --daemonize yes');
    expect(run.output).toContain('docker compose up');
    expect(run.output).not.toContain('s3cret-pw');
  });

  it('exits 78 naming GATEWAY_PORT when it is not a number', async () => {
    const run = await runScript('scripts/start.ts', { GATEWAY_PORT: 'abc' });

    expect(run.code).toBe(78);
    expect(run.output).toContain('GATEWAY_PORT');
  });
});

describe('migrate (scripts/migrate.ts)', () => {
  const databaseName = `inkan_t_${randomBytes(5).toString('hex')}`;
  const serverUrl = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const databaseUrl = (() => {
    const url = new URL(serverUrl.toString());
    url.pathname = `/${databaseName}`;
    return url.toString();
  })();

  function adminClient(): Client {
    const url = new URL(serverUrl.toString());
    url.pathname = '/postgres';
    return new Client({ connectionString: url.toString() });
  }

  afterAll(async () => {
    const client = adminClient();
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });

  it('creates the database and every schema, and a second run changes nothing', async () => {
    const first = await runScript('scripts/migrate.ts', { DATABASE_URL: databaseUrl }, 30_000);
    expect({ code: first.code, output: first.output }).toEqual({ code: 0, output: expect.stringContaining('migrate: done') });
    expect(first.output).toMatch(/blob_store\s+applied/);

    const second = await runScript('scripts/migrate.ts', { DATABASE_URL: databaseUrl }, 30_000);
    expect({ code: second.code, output: second.output }).toEqual({ code: 0, output: expect.stringContaining('migrate: done') });
    expect(second.output).not.toMatch(/applied \d+ migration/);

    // blob-store first: signing's migrations may build on it.
    const order = ['blob_store', 'identity', 'contract_workflow', 'signing', 'notification'].map((schema) =>
      first.output.indexOf(`migrate: ${schema} `),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const found = await client.query<{ nspname: string }>(
        'SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname',
        [['identity', 'contract_workflow', 'signing', 'notification', 'blob_store']],
      );
      expect(found.rows.map((row) => row.nspname)).toEqual(['blob_store', 'contract_workflow', 'identity', 'notification', 'signing']);
    } finally {
      await client.end();
    }
  });
});
