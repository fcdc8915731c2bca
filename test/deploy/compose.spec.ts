import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '@app/config';
import { SIGNING_WORKER_NODE_OPTIONS } from '@apps/signing/src/worker-node-options';

/**
 * Static checks of the Compose file and the Dockerfile: no Docker engine is
 * needed, so this runs everywhere and catches the mistakes that would only
 * show up at `docker compose up` (wrong entry point, a worker that cannot
 * scale, Redis that evicts BullMQ keys, migrations missing from the image).
 */

const repoRoot = path.resolve(__dirname, '../..');
const composePath = path.resolve(__dirname, '../../docker-compose.yml');
const dockerfilePath = path.join(repoRoot, 'deploy/Dockerfile');

/** Every file a container may run, as produced by `npm run build`. */
const ENTRY_POINTS = [
  'dist/apps/gateway/src/main.js',
  'dist/apps/identity/src/main.js',
  'dist/apps/contract-workflow/src/main.js',
  'dist/apps/signing/src/main.js',
  'dist/apps/signing/src/worker.js',
  'dist/apps/notification/src/main.js',
  'dist/scripts/migrate.js',
  'dist/scripts/seed.js',
];

const APP_SERVICES: Record<string, string> = {
  gateway: 'dist/apps/gateway/src/main.js',
  identity: 'dist/apps/identity/src/main.js',
  'contract-workflow': 'dist/apps/contract-workflow/src/main.js',
  signing: 'dist/apps/signing/src/main.js',
  'signing-worker': 'dist/apps/signing/src/worker.js',
  notification: 'dist/apps/notification/src/main.js',
};

const INFRASTRUCTURE = ['postgres', 'rabbitmq', 'redis'];

type Command = string | string[] | undefined;

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: Command;
  container_name?: string;
  ports?: Array<string | number | { target?: number; published?: string | number }>;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  volumes?: Array<string | { source?: string; target?: string }>;
  restart?: string;
}

interface ComposeFile {
  version?: unknown;
  services: Record<string, Service>;
}

// `merge: true` resolves the `<<: *app` keys the way Compose does.
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as ComposeFile;
const dockerfile = readFileSync(dockerfilePath, 'utf8');

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) {
    throw new Error(`docker-compose.yml has no service "${name}"`);
  }
  return found;
}

function commandText(command: Command): string {
  return Array.isArray(command) ? command.join(' ') : (command ?? '');
}

function containerPorts(svc: Service): number[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return Number(port.target);
    }
    // "host:container", "ip:host:container" or "container", maybe "/tcp".
    const withoutProtocol = String(port).split('/')[0] ?? '';
    return Number(withoutProtocol.split(':').pop());
  });
}

function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
}

function environmentOf(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const index = entry.indexOf('=');
        return index < 0 ? [entry, ''] : [entry.slice(0, index), entry.slice(index + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
}

function dependencyConditions(svc: Service): Record<string, string | undefined> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) {
    // Short syntax waits only for "started", never for healthy.
    return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  }
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

/** Dockerfile stages by name, each with its instruction text. */
function dockerStages(): Array<{ name: string; body: string }> {
  const stages: Array<{ name: string; body: string }> = [];
  for (const line of dockerfile.split('\n')) {
    const from = /^\s*FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      stages.push({ name: (from[1] ?? '').toLowerCase(), body: '' });
    } else if (stages.length > 0) {
      stages[stages.length - 1].body += `${line}\n`;
    }
  }
  return stages;
}

describe('docker-compose.yml', () => {
  it('uses the compose specification (no top-level version key)', () => {
    expect(compose).not.toHaveProperty('version');
  });

  it.each(Object.entries(APP_SERVICES))('%s builds from deploy/Dockerfile and runs %s', (name, entry) => {
    const svc = service(name);
    expect(svc.build).toEqual(expect.objectContaining({ context: '.', dockerfile: 'deploy/Dockerfile' }));
    expect(commandText(svc.command)).toContain(entry);
    expect(svc.restart).toBe('unless-stopped');
  });

  it.each(Object.keys(APP_SERVICES))('%s waits for healthy infrastructure and finished migrations', (name) => {
    const conditions = dependencyConditions(service(name));
    for (const dependency of INFRASTRUCTURE) {
      expect({ dependency, condition: conditions[dependency] }).toEqual({
        dependency,
        condition: 'service_healthy',
      });
    }
    expect(conditions.migrate).toBe('service_completed_successfully');
  });

  it.each(INFRASTRUCTURE)('%s has a health check (service_healthy needs one)', (name) => {
    expect(service(name).healthcheck?.test).toBeDefined();
  });

  it('migrates then seeds once, after the infrastructure is healthy, and is not restarted', () => {
    const migrate = service('migrate');
    expect(migrate.build).toEqual(expect.objectContaining({ context: '.', dockerfile: 'deploy/Dockerfile' }));
    const command = commandText(migrate.command);
    expect(command).toMatch(/node dist\/scripts\/migrate\.js && node dist\/scripts\/seed\.js/);
    const conditions = dependencyConditions(migrate);
    for (const dependency of INFRASTRUCTURE) {
      expect(conditions[dependency]).toBe('service_healthy');
    }
    expect(conditions).not.toHaveProperty('migrate');
    // "unless-stopped" would rerun a one-shot job forever.
    expect(migrate.restart ?? 'no').toBe('no');
  });

  it('lets signing-worker scale: no container_name, no ports, runs the worker entry', () => {
    const worker = service('signing-worker');
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports ?? []).toHaveLength(0);
    expect(commandText(worker.command)).toContain('dist/apps/signing/src/worker.js');
    // The V8 options npm start gives a worker, before its entry point (apps/signing/src/worker-node-options.ts).
    expect(commandText(worker.command)).toBe(['node', ...SIGNING_WORKER_NODE_OPTIONS, 'dist/apps/signing/src/worker.js'].join(' '));
  });

  it('points every command that runs dist/... at a real entry point', () => {
    const runs = Object.entries(compose.services).flatMap(([name, svc]) =>
      (commandText(svc.command).match(/dist\/\S+?\.js/g) ?? []).map((file) => ({ name, file })),
    );
    expect(runs.length).toBeGreaterThanOrEqual(Object.keys(APP_SERVICES).length + 2);
    for (const run of runs) {
      expect({ ...run, known: ENTRY_POINTS.includes(run.file) }).toEqual({ ...run, known: true });
    }
  });

  it('publishes the gateway on 3000 and binds it to all interfaces', () => {
    const gateway = service('gateway');
    expect(gateway.ports).toContain('3000:3000');
    expect(environmentOf(gateway).GATEWAY_HOST).toBe('0.0.0.0');
  });

  it('points every app at the compose hostnames', () => {
    for (const name of [...Object.keys(APP_SERVICES), 'migrate']) {
      const env = environmentOf(service(name));
      expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/.*@postgres:5432\//);
      expect(env.AMQP_URL).toMatch(/^amqps?:\/\/.*@?rabbitmq:5672/);
      expect(env.REDIS_URL).toMatch(/^redis:\/\/(.*@)?redis:6379/);
    }
  });

  it('gives every app an environment its config accepts, with the defaults `docker compose up` uses', () => {
    for (const name of [...Object.keys(APP_SERVICES), 'migrate']) {
      const env = Object.fromEntries(
        Object.entries(environmentOf(service(name))).map(([key, value]) => [key, value.replace(/\$\{\w+:-([^}]*)\}/g, '$1')]),
      );
      expect({ name, problems: configProblems(env) }).toEqual({ name, problems: [] });
    }
  });

  it('sends notification mail to mailpit', () => {
    expect(environmentOf(service('notification')).SMTP_URL).toBe('smtp://mailpit:1025');
    expect(service('mailpit').image).toMatch(/^axllent\/mailpit(:|$)/);
  });

  it('runs Redis as BullMQ needs it: AOF on, no eviction', () => {
    const redis = service('redis');
    expect(redis.image).toMatch(/^redis:7/);
    const command = commandText(redis.command);
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it('runs RabbitMQ with the management plugin and exposes its UI', () => {
    const rabbitmq = service('rabbitmq');
    expect(rabbitmq.image).toMatch(/^rabbitmq:[^@\s]*management/);
    expect(containerPorts(rabbitmq)).toEqual(expect.arrayContaining([5672, 15672]));
    expect(commandText(rabbitmq.healthcheck?.test)).toContain('rabbitmq-diagnostics -q ping');
  });

  it('runs PostgreSQL 15 with pg_isready and a volume', () => {
    const postgres = service('postgres');
    expect(postgres.image).toMatch(/^postgres:15/);
    expect(commandText(postgres.healthcheck?.test)).toContain('pg_isready');
    expect(postgres.volumes?.some((volume) => typeof volume === 'string' && volume.endsWith(':/var/lib/postgresql/data'))).toBe(true);
  });
});

describe('deploy/Dockerfile', () => {
  const stages = dockerStages();
  const runtime = stages.find((stage) => stage.name === 'runtime');

  it('has a build stage and ends with the runtime stage', () => {
    expect(stages.map((stage) => stage.name)).toEqual(expect.arrayContaining(['build', 'runtime']));
    // The last stage is what `docker build` produces without --target.
    expect(stages[stages.length - 1]?.name).toBe('runtime');
    expect(stages.find((stage) => stage.name === 'build')?.body).toMatch(/RUN npm run build/);
  });

  it("builds on Node 22 LTS (argon2's prebuilt binary needs N-API 10, content-disposition@3 Node >= 22)", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(dockerfile).not.toMatch(/node:20/);
  });

  it('installs production dependencies with their install scripts in the deps stage and copies node_modules, dist and the migrations', () => {
    const deps = stages.find((stage) => stage.name === 'deps')?.body ?? '';
    expect(deps).toMatch(/^RUN npm ci --omit=dev --no-audit --no-fund$/m);
    expect(deps).not.toMatch(/--ignore-scripts/);
    const body = runtime?.body ?? '';
    expect(body).not.toMatch(/npm (ci|install)/);
    expect(body).toMatch(/^COPY --from=deps \/app\/node_modules \.\/node_modules$/m);
    expect(body).toMatch(/^COPY --from=build\s+\S*dist\S*\s+\S+/m);
    expect(body).toMatch(/^COPY --from=build\s+\S*migrations\S*\s+\S+/m);
    expect(body).toMatch(/^COPY\s+package\.json/m);
  });

  it('runs under tini with OCI labels, a HEALTHCHECK on /livez and declared writable directories', () => {
    const body = runtime?.body ?? '';
    expect(body).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(body).toMatch(/org\.opencontainers\.image\.title="inkan"/);
    expect(body).toMatch(/^HEALTHCHECK .*\n?.*\/livez/m);
    expect(body).toMatch(/^VOLUME \["\/app\/\.var", "\/tmp"\]$/m);
  });

  it('runs as a non-root user in production mode, gateway by default', () => {
    const body = runtime?.body ?? '';
    const user = /^USER\s+(\S+)/m.exec(body)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    // Numeric, so Kubernetes' runAsNonRoot can verify it.
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(body).toMatch(/^ENV\s+NODE_ENV=production/m);
    expect(body).toMatch(/^WORKDIR\s+\/app$/m);
    expect(body).toMatch(/^CMD \["node", ?"dist\/apps\/gateway\/src\/main\.js"\]/m);
  });
});
