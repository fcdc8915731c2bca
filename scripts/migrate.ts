import 'reflect-metadata';
import { blobStoreMigrations } from '@app/blob-store';
import { AppConfig, databaseUrlFor } from '@app/config';
import { DatabaseHandle, ensureDatabase, MigrationSet, openDatabase, runMigrations } from '@app/db';
import { contractWorkflowMigrations } from '@apps/contract-workflow/src/contract-workflow.module';
import { bulkSignMigrations } from '@apps/contract-workflow/src/bulk-sign/bulk-sign.module';
import { ledgerMigrations } from '@apps/contract-workflow/src/ledger/ledger.module';
import { identityMigrations } from '@apps/identity/src/identity.module';
import { notificationMigrations } from '@apps/notification/src/notification.module';
import { signingMigrations } from '@apps/signing/src/signing.module';
import { runCli } from './cli';
import { addressOf, checkDependencies } from './preflight';

type Owner = Parameters<typeof databaseUrlFor>[1];

/** Every migration set with the database it lives in; blob-store first (signing builds on it). */
const MIGRATION_SETS: { owner: Owner; set: MigrationSet }[] = [
  { owner: 'blob-store', set: blobStoreMigrations },
  { owner: 'identity', set: identityMigrations },
  { owner: 'contract-workflow', set: contractWorkflowMigrations },
  { owner: 'contract-workflow', set: ledgerMigrations },
  { owner: 'contract-workflow', set: bulkSignMigrations },
  { owner: 'signing', set: signingMigrations },
  { owner: 'notification', set: notificationMigrations },
];

/** `host:port/database`, never the password. */
function describeDatabase(url: string): string {
  return `${addressOf(url)}${new URL(url).pathname}`;
}

/**
 * Creates every service database that is missing, then applies every
 * migration set. Idempotent: sets already applied are no-ops. Each service
 * also applies its own sets at start; this runs them once, up front.
 */
export async function migrateAll(config: AppConfig, log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  const targets = MIGRATION_SETS.map(({ owner, set }) => ({ set, url: databaseUrlFor(config, owner) }));
  const urls = [...new Set(targets.map((target) => target.url))];
  for (const url of urls) {
    try {
      await ensureDatabase(url);
    } catch (error) {
      throw new Error(`creating database ${describeDatabase(url)}: ${(error as Error).message}`, { cause: error });
    }
  }
  const handles = new Map<string, DatabaseHandle>();
  try {
    for (const { set, url } of targets) {
      let handle = handles.get(url);
      if (!handle) {
        handle = openDatabase(url, { poolSize: 2, applicationName: 'inkan-migrate' });
        handles.set(url, handle);
      }
      const started = Date.now();
      const before = await appliedCount(handle, set);
      try {
        await runMigrations(handle, set);
      } catch (error) {
        // drizzle wraps PostgreSQL's own error (the useful part) in `cause`.
        const cause = (error as Error).cause instanceof Error ? ` — ${((error as Error).cause as Error).message}` : '';
        throw new Error(`schema ${set.schema} (${set.folder}) in ${describeDatabase(url)}: ${(error as Error).message}${cause}`, {
          cause: error,
        });
      }
      const applied = (await appliedCount(handle, set)) - before;
      const what = applied > 0 ? `applied ${applied} migration(s)` : 'already up to date';
      log(`migrate: ${set.schema.padEnd(18)} ${what.padEnd(22)} ${describeDatabase(url)} (${Date.now() - started} ms)`);
    }
  } finally {
    await Promise.all([...handles.values()].map((handle) => handle.close().catch(() => undefined)));
  }
}

/** Migrations recorded in the set's journal; 0 before its first run. */
async function appliedCount(handle: DatabaseHandle, set: MigrationSet): Promise<number> {
  const found = await handle.pool.query<{ journal: string | null }>(
    "SELECT to_regclass(format('%I.%I', $1::text, '__migrations'))::text AS journal",
    [set.schema],
  );
  if (!found.rows[0]?.journal) {
    return 0;
  }
  const counted = await handle.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${found.rows[0].journal}`);
  return counted.rows[0]?.n ?? 0;
}

async function main(config: AppConfig): Promise<number> {
  const failures = await checkDependencies(config, ['postgres']);
  if (failures.length > 0) {
    for (const failure of failures) {
      process.stderr.write(`${failure.message}\n`);
    }
    process.stderr.write('migrate: stopped, nothing was changed / マイグレーションを中止しました\n');
    return 1;
  }
  try {
    await migrateAll(config);
  } catch (error) {
    process.stderr.write(`migrate: failed / マイグレーションに失敗しました: ${(error as Error).message}\n`);
    return 1;
  }
  console.log('migrate: done');
  return 0;
}

if (require.main === module) {
  runCli('migrate', main);
}
