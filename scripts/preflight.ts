import amqp from 'amqplib';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig, databaseUrlFor } from '@app/config';

/**
 * Checks that PostgreSQL, RabbitMQ and Redis answer before anything starts, so
 * a missing dependency is reported once, by name, with how to start it —
 * instead of six apps retrying in a loop.
 */

export type DependencyName = 'postgres' | 'rabbitmq' | 'redis';

export interface DependencyFailure {
  dependency: DependencyName;
  /** host:port that was tried (never credentials). */
  address: string;
  /** The environment variable that sets that address. */
  variable: string;
  /** The underlying error, credentials removed. */
  cause: string;
  /** Several lines, Japanese first line, ready to print. */
  message: string;
}

const TIMEOUT_MS = 3_000;

const LABELS: Record<DependencyName, string> = { postgres: 'PostgreSQL', rabbitmq: 'RabbitMQ', redis: 'Redis' };

/** How to start each dependency on a Debian machine like the one inkan is developed on. */
const START_HINTS: Record<DependencyName, { local: string }> = {
  postgres: { local: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' },
  rabbitmq: { local: 'rabbitmq-server -detached' },
  redis: {
    local:
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
  },
};

const DEFAULT_PORTS: Record<string, number> = {
  'postgres:': 5432,
  'postgresql:': 5432,
  'amqp:': 5672,
  'amqps:': 5671,
  'redis:': 6379,
  'rediss:': 6379,
};

/** `host:port` of a URL, without user or password. */
export function addressOf(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || String(DEFAULT_PORTS[parsed.protocol] ?? '');
  return port ? `${parsed.hostname}:${port}` : parsed.hostname;
}

/** A URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Tries the dependencies (all three unless `only` says otherwise) in parallel,
 * each with a ~3 s timeout. Resolves to the failures; empty means all answered.
 */
export async function checkDependencies(
  config: AppConfig,
  only: DependencyName[] = ['postgres', 'rabbitmq', 'redis'],
): Promise<DependencyFailure[]> {
  const checks: Promise<DependencyFailure | undefined>[] = [];
  if (only.includes('postgres')) {
    for (const target of postgresTargets(config)) {
      checks.push(attempt('postgres', target.url, target.variable, () => checkPostgres(target.url)));
    }
  }
  if (only.includes('rabbitmq')) {
    checks.push(attempt('rabbitmq', config.AMQP_URL, 'AMQP_URL', () => checkRabbitMq(config.AMQP_URL)));
  }
  if (only.includes('redis')) {
    checks.push(attempt('redis', config.REDIS_URL, 'REDIS_URL', () => checkRedis(config.REDIS_URL)));
  }
  const results = await Promise.all(checks);
  return results.filter((failure): failure is DependencyFailure => failure !== undefined);
}

/** One entry per distinct PostgreSQL server (DATABASE_URL's, plus any per-service override on another server). */
function postgresTargets(config: AppConfig): { url: string; variable: string }[] {
  const candidates: { url: string; variable: string }[] = [
    { url: config.DATABASE_URL, variable: 'DATABASE_URL' },
    { url: databaseUrlFor(config, 'blob-store'), variable: 'BLOB_DATABASE_URL' },
    { url: databaseUrlFor(config, 'identity'), variable: 'IDENTITY_DATABASE_URL' },
    { url: databaseUrlFor(config, 'contract-workflow'), variable: 'CONTRACT_WORKFLOW_DATABASE_URL' },
    { url: databaseUrlFor(config, 'signing'), variable: 'SIGNING_DATABASE_URL' },
    { url: databaseUrlFor(config, 'notification'), variable: 'NOTIFICATION_DATABASE_URL' },
  ];
  const seen = new Map<string, { url: string; variable: string }>();
  for (const candidate of candidates) {
    const parsed = new URL(candidate.url);
    // One server per host, port and user (a different user may be refused where another is not).
    const key = `${addressOf(candidate.url)}|${parsed.username}`;
    if (!seen.has(key)) {
      seen.set(key, candidate);
    }
  }
  return [...seen.values()];
}

async function attempt(
  dependency: DependencyName,
  url: string,
  variable: string,
  check: () => Promise<void>,
): Promise<DependencyFailure | undefined> {
  const address = addressOf(url);
  try {
    await check();
    return undefined;
  } catch (error) {
    const cause = scrub(describeError(error), url);
    return { dependency, address, variable, cause, message: formatFailure(dependency, address, variable, cause, isUnreachable(error)) };
  }
}

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
]);

/** True when nothing answered (start it); false when something answered and said no (fix the URL). */
function isUnreachable(error: unknown): boolean {
  if (error instanceof AggregateError) {
    return error.errors.length === 0 || error.errors.every(isUnreachable);
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (code && NETWORK_ERRORS.has(code)) {
    return true;
  }
  const message = error instanceof Error ? error.message : String(error);
  return /timed out|timeout|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|Connection terminated unexpectedly|Connection is closed/i.test(message);
}

function formatFailure(dependency: DependencyName, address: string, variable: string, cause: string, unreachable: boolean): string {
  const label = LABELS[dependency];
  const hints = START_HINTS[dependency];
  if (!unreachable) {
    return [
      `${label} に接続できません / ${label} at ${address} refused the connection (${variable})`,
      `  error: ${cause}`,
      `  It runs, but did not accept inkan: check the user, password${dependency === 'rabbitmq' ? ', virtual host' : ''} and address in ${variable}.`,
    ].join('\n');
  }
  const host = address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
  const lines = [`${label} に接続できません / ${label} is not reachable at ${address} (${variable})`, `  error: ${cause}`];
  if (local) {
    lines.push(
      `  Start it, or set ${variable} to a ${label} that runs:`,
      `    on this machine:     ${hints.local}`,
      '    or run the whole platform in Docker instead: docker compose up',
    );
  } else {
    lines.push(`  Check that ${address} is up and reachable from here, or set ${variable} to a ${label} that runs.`);
  }
  return lines.join('\n');
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Node's happy-eyeballs connect reports one error per address tried.
    return error.errors.map((inner) => describeError(inner)).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const text = error.message || code || error.name;
    return code && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(error);
}

/** Removes the URL's password (and the URL itself) from an error text, should a client ever echo it. */
function scrub(text: string, url: string): string {
  let result = text;
  try {
    const parsed = new URL(url);
    result = result.split(url).join(redactUrl(url));
    for (const secret of [parsed.password, safeDecode(parsed.password)]) {
      if (secret && secret.length > 0) {
        result = result.split(secret).join('***');
      }
    }
  } catch {
    // an unparseable URL was already rejected by loadConfig
  }
  return result.replace(/\s+/g, ' ').trim();
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, onLate: (value: T) => void = () => undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`${what} timed out after ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
  });
  // A connection that succeeds after we gave up is closed, not leaked.
  promise.then(
    (value) => {
      if (timedOut) {
        onLate(value);
      }
    },
    () => undefined,
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function checkPostgres(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres'; // the maintenance database: the service databases may not exist yet
  const client = new Client({
    connectionString: admin.toString(),
    // A little over ours, so the message is the same for all three.
    connectionTimeoutMillis: TIMEOUT_MS + 500,
    query_timeout: TIMEOUT_MS + 500,
    application_name: 'inkan-preflight',
  });
  client.on('error', () => undefined);
  try {
    await withTimeout(
      client.connect().then(() => client.query('SELECT 1')),
      'connect',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRabbitMq(url: string): Promise<void> {
  const connecting = amqp.connect(url, { timeout: TIMEOUT_MS });
  const connection = await withTimeout(connecting, 'connect', (late) => void late.close().catch(() => undefined));
  connection.on('error', () => undefined);
  await connection.close().catch(() => undefined);
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: TIMEOUT_MS,
    retryStrategy: () => null, // one attempt
    reconnectOnError: () => false,
  });
  let socketError: unknown;
  redis.on('error', (error: unknown) => {
    socketError ??= error;
  });
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      'connect',
    );
  } catch (error) {
    // With one attempt, connect() rejects with "Connection is closed."; the socket error says why.
    throw socketError ?? error;
  } finally {
    redis.disconnect();
  }
}
