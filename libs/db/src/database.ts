import { drizzle, NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';

export type Database = NodePgDatabase<Record<string, unknown>>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything queries can run on: the database itself or an open transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  pool: Pool;
  db: Database;
  close(): Promise<void>;
}

export function openDatabase(url: string, options: { poolSize?: number; applicationName?: string } = {}): DatabaseHandle {
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'inkan',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A client losing its connection (database restart) must not crash the process:
  // idle ones are reported on the pool, checked-out ones on the client, and the
  // query in flight fails on its own. The pool replaces broken clients.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = drizzle(pool);
  return {
    pool,
    db,
    close: () => pool.end(),
  };
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
