import { drizzle, NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool, PoolClient } from 'pg';

export type Database = NodePgDatabase<Record<string, unknown>>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything queries can run on: the database itself or an open transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  pool: Pool;
  db: Database;
  /** Ends the pool; connections still busy after `graceMs` are cut so shutdown never hangs. */
  close(graceMs?: number): Promise<void>;
}

export function openDatabase(url: string, options: { poolSize?: number; applicationName?: string } = {}): DatabaseHandle {
  const pool = new Pool({
    connectionString: withSessionSettings(url),
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'inkan',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A query whose connection silently died must not hold its pool slot for ever.
    query_timeout: 60_000,
  });
  const clients = new Set<PoolClient>();
  // A client losing its connection (database restart) must not crash the process:
  // idle ones are reported on the pool, checked-out ones on the client, and the
  // query in flight fails on its own. The pool replaces broken clients.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    clients.add(client);
    client.on('error', () => undefined);
  });
  pool.on('remove', (client) => clients.delete(client));
  const db = drizzle(pool);
  db.transaction = (work, config) => transactionOnOwnClient(pool, work as (tx: Transaction) => Promise<never>, config);
  return {
    pool,
    db,
    async close(graceMs = 5_000) {
      const ended = pool.end();
      const timer = setTimeout(() => {
        for (const client of clients) {
          (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        }
      }, graceMs);
      try {
        await ended;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Settings every connection starts with, given as the startup `options` (after any the URL or PGOPTIONS has, which
 * they would otherwise replace). Named statements (preparedStatement) are planned for each execution, as unnamed
 * ones are: a plan kept for the connection's life was made for the table sizes of its first runs (a generic plan
 * went on scanning a table that had grown since). They still save drizzle's building and PostgreSQL's parsing.
 */
export function withSessionSettings(url: string): string {
  const parsed = new URL(url);
  const given = parsed.searchParams.get('options') ?? process.env.PGOPTIONS ?? '';
  parsed.searchParams.set('options', `${given} -c plan_cache_mode=force_custom_plan`.trim());
  return parsed.toString();
}

/**
 * drizzle's pool transaction sends BEGIN before its try/finally: when BEGIN
 * fails (a connection lost while idle in the pool) the client is never
 * released, and the pool, and so shutdown, waits for it for ever. Here the
 * client is always released, and destroyed when its connection is suspect.
 */
async function transactionOnOwnClient<T>(
  pool: Pool,
  work: (tx: Transaction) => Promise<T>,
  config?: Parameters<Database['transaction']>[1],
): Promise<T> {
  const client = await pool.connect();
  let failure: unknown;
  try {
    return await (drizzle(client) as unknown as Database).transaction(work, config);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    client.release(failure !== undefined && !isSqlError(failure));
  }
}

/** An error the server reported for a statement (it has an SQLSTATE): the connection itself is fine. */
function isSqlError(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** Runs `work` in one transaction: commits if it resolves, rolls back if it throws. */
export function inTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(work);
}

/**
 * A cheap liveness probe used by health checks. `pool.query` releases its
 * client however the query ends, so a probe that times out leaks nothing
 * (a checked-out client would keep `pool.end()` waiting for ever).
 */
export async function pingDatabase(pool: Pool, timeoutMs: number): Promise<void> {
  await withTimeout(pool.query('SELECT 1'), timeoutMs, 'PostgreSQL');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
