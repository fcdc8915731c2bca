import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client } from 'pg';
import { DatabaseHandle } from './database';

export interface MigrationSet {
  /** The PostgreSQL schema the migrations create and own. */
  schema: string;
  /** Folder of drizzle-kit SQL migrations, relative to the repository root. */
  folder: string;
}

/** The repository root (the nearest folder with package.json), from sources or from dist/. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json above ${from}`);
    }
    dir = parent;
  }
  return dir;
}

/**
 * Applies a service's checked-in migrations. Several processes of one service
 * may start at once, so the run holds a PostgreSQL advisory lock per schema.
 * The journal lives in the service's own schema: no service touches another's.
 */
export async function runMigrations(handle: DatabaseHandle, set: MigrationSet): Promise<void> {
  const lockKey = advisoryLockKey(`inkan-migrate:${set.schema}`);
  const client = await handle.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      // On the connection that holds the lock: a pool of one must not deadlock.
      await migrate(drizzle(client), {
        migrationsFolder: path.resolve(repoRoot(), set.folder),
        migrationsSchema: set.schema,
        migrationsTable: '__migrations',
      });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } finally {
    client.release();
  }
}

function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/** Creates the database named in `url` if it does not exist (local runs and tests). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`Refusing to create database with unusual name "${name}"`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (error) {
        // Another process created it between our check and our CREATE.
        if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) {
          throw error;
        }
      }
    }
  } finally {
    await client.end();
  }
}
