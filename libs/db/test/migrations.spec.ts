import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { blobStoreMigrations } from '@app/blob-store';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { DatabaseHandle, inTransaction, openDatabase } from '../src/database';
import { ensureDatabase, MigrationSet, repoRoot, runMigrations } from '../src/migrations';

interface JournalRow {
  id: number;
  hash: string;
  created_at: string;
}

/** What drizzle records for each checked-in migration: the SHA-256 of the file and its journal time. */
function expectedJournal(folder: string): { hash: string; created_at: string }[] {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries.map((entry) => ({
    hash: createHash('sha256')
      .update(readFileSync(path.join(folder, `${entry.tag}.sql`)).toString())
      .digest('hex'),
    created_at: String(entry.when),
  }));
}

const blobMigrationsFolder = path.resolve(__dirname, '../../blob-store/migrations');
const migrationFiles = readdirSync(blobMigrationsFolder).filter((file) => file.endsWith('.sql'));

async function journalOf(handle: DatabaseHandle, schema: string): Promise<JournalRow[]> {
  const result = await handle.pool.query<JournalRow>(
    `SELECT id, hash, created_at::text AS created_at FROM "${schema}".__migrations ORDER BY id`,
  );
  return result.rows;
}

async function relationExists(handle: DatabaseHandle, name: string): Promise<boolean> {
  const result = await handle.pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [name]);
  return result.rows[0].found !== null;
}

/** Advisory locks still held in this test's database (by any session). */
async function advisoryLocksHeld(handle: DatabaseHandle): Promise<number> {
  const result = await handle.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return result.rows[0].n;
}

/** The PostgreSQL error code a promise rejects with (drizzle wraps the driver's error as its cause). */
async function failureCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as { code?: string }).code;
  }
  throw new Error('expected the promise to reject');
}

/** The same server, another database name. */
function siblingUrl(config: AppConfig, name: string): string {
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(config: AppConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: siblingUrl(config, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function databaseOid(config: AppConfig, name: string): Promise<string | undefined> {
  return withAdmin(config, async (client) => {
    const result = await client.query<{ oid: string }>('SELECT oid::text AS oid FROM pg_database WHERE datname = $1', [name]);
    return result.rows[0]?.oid;
  });
}

async function dropDatabase(config: AppConfig, name: string): Promise<void> {
  await dropTestDatabase({ ...config, DATABASE_URL: siblingUrl(config, name) });
}

describe('database migrations (real PostgreSQL)', () => {
  let config: AppConfig;
  let dbName: string;
  let handle: DatabaseHandle;
  const extraDatabases: string[] = [];

  beforeAll(async () => {
    config = testConfig();
    dbName = new URL(config.DATABASE_URL).pathname.slice(1);
    await createTestDatabase(config);
    handle = openDatabase(config.DATABASE_URL, { poolSize: 4, applicationName: 'inkan-test-migrations' });
  });

  afterAll(async () => {
    await handle?.close();
    for (const name of extraDatabases) {
      await dropDatabase(config, name);
    }
    await dropTestDatabase(config);
  });

  describe('runMigrations', () => {
    it('applies the blob-store set to a fresh database: its table, its triggers and its own journal', async () => {
      expect(await relationExists(handle, 'blob_store.blobs')).toBe(false);
      expect(await relationExists(handle, 'blob_store.__migrations')).toBe(false);

      await runMigrations(handle, blobStoreMigrations);

      expect(await relationExists(handle, 'blob_store.blobs')).toBe(true);
      expect(await relationExists(handle, 'blob_store.__migrations')).toBe(true);
      const triggers = await handle.pool.query<{ tgname: string }>(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'blob_store.blobs'::regclass AND NOT tgisinternal ORDER BY tgname",
      );
      expect(triggers.rows.map((row) => row.tgname)).toEqual(['blobs_immutable', 'blobs_no_truncate']);
      // The journal lives in the set's own schema, not in drizzle's default one.
      expect(await relationExists(handle, 'drizzle.__drizzle_migrations')).toBe(false);

      const journal = await journalOf(handle, 'blob_store');
      expect(migrationFiles.length).toBeGreaterThanOrEqual(2);
      expect(journal).toHaveLength(migrationFiles.length);
      expect(journal.map(({ hash, created_at }) => ({ hash, created_at }))).toEqual(expectedJournal(blobMigrationsFolder));
      expect(await advisoryLocksHeld(handle)).toBe(0);
    });

    it('is a no-op when run again: same journal, nothing re-applied, lock released', async () => {
      const before = await journalOf(handle, 'blob_store');
      expect(before).toHaveLength(migrationFiles.length);

      await runMigrations(handle, blobStoreMigrations);
      await runMigrations(handle, blobStoreMigrations);

      expect(await journalOf(handle, 'blob_store')).toEqual(before);
      expect(await advisoryLocksHeld(handle)).toBe(0);
    });

    it('succeeds from three processes starting at once, with one journal entry per migration file', async () => {
      const name = `${dbName}_c`;
      extraDatabases.push(name);
      const url = siblingUrl(config, name);
      await ensureDatabase(url);
      const handles = [1, 2, 3].map((n) => openDatabase(url, { poolSize: 3, applicationName: `inkan-test-migrate-${n}` }));
      try {
        const results = await Promise.allSettled(handles.map((each) => runMigrations(each, blobStoreMigrations)));
        expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);

        const journal = await journalOf(handles[0], 'blob_store');
        expect(journal).toHaveLength(migrationFiles.length);
        expect(journal.map(({ hash, created_at }) => ({ hash, created_at }))).toEqual(expectedJournal(blobMigrationsFolder));
        expect(await relationExists(handles[0], 'blob_store.blobs')).toBe(true);
        expect(await advisoryLocksHeld(handles[0])).toBe(0);
      } finally {
        await Promise.all(handles.map((each) => each.close()));
      }
    });

    it('works with a pool of a single connection (the lock and the migration share it)', async () => {
      const name = `${dbName}_one`;
      extraDatabases.push(name);
      const url = siblingUrl(config, name);
      await ensureDatabase(url);
      const single = openDatabase(url, { poolSize: 1, applicationName: 'inkan-test-migrate-single' });
      try {
        await runMigrations(single, blobStoreMigrations);
        expect(await journalOf(single, 'blob_store')).toHaveLength(migrationFiles.length);
        expect(await advisoryLocksHeld(single)).toBe(0);
      } finally {
        await single.close();
      }
    });

    it('rolls a failing migration back, rejects, and releases the lock for the next run', async () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'inkan-migrations-'));
      try {
        mkdirSync(path.join(folder, 'meta'));
        writeFileSync(
          path.join(folder, 'meta', '_journal.json'),
          JSON.stringify({
            version: '7',
            dialect: 'postgresql',
            entries: [{ idx: 0, version: '7', when: 1700000000000, tag: '0000_broken', breakpoints: true }],
          }),
        );
        writeFileSync(
          path.join(folder, '0000_broken.sql'),
          'CREATE TABLE "mig_broken"."half_done" ("id" integer);\n--> statement-breakpoint\nSELECT 1 / 0;\n',
        );
        // An absolute folder is used as is (path.resolve against the repository root).
        const broken: MigrationSet = { schema: 'mig_broken', folder };

        expect(await failureCode(runMigrations(handle, broken))).toBe('22012'); // division_by_zero
        expect(await relationExists(handle, 'mig_broken.half_done')).toBe(false);
        expect(await journalOf(handle, 'mig_broken')).toEqual([]);
        expect(await advisoryLocksHeld(handle)).toBe(0);

        // Had the lock leaked, this second run would wait for ever instead of failing the same way.
        expect(await failureCode(runMigrations(handle, broken))).toBe('22012');
        expect(await advisoryLocksHeld(handle)).toBe(0);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  describe('ensureDatabase', () => {
    it('leaves an existing database alone', async () => {
      const oid = await databaseOid(config, dbName);
      expect(oid).toBeDefined();

      await ensureDatabase(config.DATABASE_URL);

      expect(await databaseOid(config, dbName)).toBe(oid);
      // Same database, contents intact.
      expect(await relationExists(handle, 'blob_store.blobs')).toBe(true);
    });

    it('creates a missing database', async () => {
      const name = `${dbName}_new`;
      extraDatabases.push(name);
      expect(await databaseOid(config, name)).toBeUndefined();

      await ensureDatabase(siblingUrl(config, name));

      expect(await databaseOid(config, name)).toBeDefined();
      await dropDatabase(config, name);
      expect(await databaseOid(config, name)).toBeUndefined();
    });

    it('creates a missing database once when several processes ask at the same time', async () => {
      const name = `${dbName}_race`;
      extraDatabases.push(name);

      const results = await Promise.allSettled([1, 2, 3, 4].map(() => ensureDatabase(siblingUrl(config, name))));

      expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : result.status))).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
      ]);
      expect(await databaseOid(config, name)).toBeDefined();
      await dropDatabase(config, name);
    });

    it.each(['bad;name', 'bad"name', 'bad name', 'x"; DROP DATABASE postgres; --'])(
      'refuses an unusual database name (%s) and creates nothing',
      async (name) => {
        expect(await databaseOid(config, name)).toBeUndefined();
        try {
          await expect(ensureDatabase(siblingUrl(config, name))).rejects.toThrow(/Refusing to create database with unusual name/);

          expect(await databaseOid(config, name)).toBeUndefined();
          expect(await databaseOid(config, 'postgres')).toBeDefined();
        } finally {
          // Should the check ever let a name through, leave no such database behind for the next run.
          await withAdmin(config, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
        }
      },
    );
  });

  describe('repoRoot', () => {
    it('returns the repository folder that holds package.json', () => {
      const root = repoRoot();
      expect(root).toBe(path.resolve(__dirname, '../../..'));
      expect(existsSync(path.join(root, 'package.json'))).toBe(true);
      const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string };
      expect(manifest.name).toBe('inkan');
      expect(existsSync(path.join(root, blobStoreMigrations.folder, 'meta', '_journal.json'))).toBe(true);
    });

    it('walks up from a nested folder to the nearest package.json', () => {
      const top = realpathSync(mkdtempSync(path.join(tmpdir(), 'inkan-root-')));
      try {
        writeFileSync(path.join(top, 'package.json'), '{}');
        const nested = path.join(top, 'a', 'b', 'c');
        mkdirSync(nested, { recursive: true });
        expect(repoRoot(nested)).toBe(top);
        expect(repoRoot(top)).toBe(top);

        // A nearer package.json wins.
        writeFileSync(path.join(top, 'a', 'package.json'), '{}');
        expect(repoRoot(nested)).toBe(path.join(top, 'a'));
      } finally {
        rmSync(top, { recursive: true, force: true });
      }
    });
  });

  describe('inTransaction', () => {
    beforeAll(async () => {
      await handle.pool.query('CREATE SCHEMA tx_test');
      await handle.pool.query('CREATE TABLE tx_test.items (id integer PRIMARY KEY, label text NOT NULL)');
    });

    const labels = async (): Promise<string[]> => {
      const result = await handle.pool.query<{ label: string }>('SELECT label FROM tx_test.items ORDER BY id');
      return result.rows.map((row) => row.label);
    };

    it('commits when the work resolves, and returns its value', async () => {
      const result = await inTransaction(handle.db, async (tx) => {
        await tx.execute(sql`INSERT INTO tx_test.items (id, label) VALUES (1, 'committed')`);
        // Not yet visible to another connection: this is one open transaction.
        expect(await labels()).toEqual([]);
        await tx.execute(sql`INSERT INTO tx_test.items (id, label) VALUES (2, 'also committed')`);
        return 'done';
      });

      expect(result).toBe('done');
      expect(await labels()).toEqual(['committed', 'also committed']);
    });

    it('rolls everything back when the work throws, and rethrows the same error', async () => {
      const failure = new Error('work failed');
      await expect(
        inTransaction(handle.db, async (tx) => {
          await tx.execute(sql`INSERT INTO tx_test.items (id, label) VALUES (3, 'rolled back')`);
          await tx.execute(sql`UPDATE tx_test.items SET label = 'changed' WHERE id = 1`);
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await labels()).toEqual(['committed', 'also committed']);
    });

    it('rolls back when a statement inside fails', async () => {
      await expect(
        inTransaction(handle.db, async (tx) => {
          await tx.execute(sql`INSERT INTO tx_test.items (id, label) VALUES (4, 'rolled back')`);
          await tx.execute(sql`INSERT INTO tx_test.items (id, label) VALUES (1, 'duplicate key')`);
        }),
      ).rejects.toThrow();

      expect(await labels()).toEqual(['committed', 'also committed']);
    });
  });
});
