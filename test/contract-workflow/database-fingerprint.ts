import { sql } from 'drizzle-orm';
import { DatabaseHandle } from '@app/db';
import { eventually } from '@app/testing';

/** Tables that change on every request without anything happening: session activity, token use. */
const VOLATILE = new Set(['identity.sessions', 'identity.api_tokens']);

/**
 * A hash of every row of every table the services own (one test database holds
 * them all), so a test can prove a refused request changed nothing anywhere:
 * no contract, route step, audit entry, billing row, webhook delivery, blob,
 * signing password, outbox event or mail.
 */
export async function databaseFingerprint(database: DatabaseHandle): Promise<Record<string, string>> {
  const tables = await database.db.execute<{ name: string }>(sql`
    SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public')
    ORDER BY 1`);
  const result: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (VOLATILE.has(name) || name.endsWith('.__migrations')) {
      continue;
    }
    const [schema, table] = name.split('.');
    const { rows } = await database.db.execute<{ n: number; hash: string }>(
      sql.raw(
        `SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') AS hash FROM "${schema}"."${table}" t`,
      ),
    );
    result[name] = `${rows[0].n}:${rows[0].hash}`;
  }
  return result;
}

/**
 * Waits until nothing is in flight: every outbox row published, every mail
 * and webhook delivery finished. Only then is a fingerprint stable.
 */
export async function settled(database: DatabaseHandle): Promise<void> {
  await eventually(async () => {
    const { rows } = await database.db.execute<{ busy: number }>(sql.raw(busyQuery(await outboxTables(database))));
    return rows[0].busy === 0;
  }, 30_000);
}

async function outboxTables(database: DatabaseHandle): Promise<{ outboxes: string[]; hasMail: boolean; hasWebhooks: boolean }> {
  const { rows } = await database.db.execute<{ name: string }>(sql`
    SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
    WHERE table_name IN ('outbox', 'deliveries', 'webhook_deliveries')`);
  const names = rows.map((row) => row.name);
  return {
    outboxes: names.filter((name) => name.endsWith('.outbox')),
    hasMail: names.includes('notification.deliveries'),
    hasWebhooks: names.includes('contract_ledger.webhook_deliveries'),
  };
}

function busyQuery({ outboxes, hasMail, hasWebhooks }: { outboxes: string[]; hasMail: boolean; hasWebhooks: boolean }): string {
  const parts = outboxes.map((name) => {
    const [schema, table] = name.split('.');
    return `(SELECT count(*) FROM "${schema}"."${table}" WHERE sent_at IS NULL)`;
  });
  if (hasMail) {
    parts.push(`(SELECT count(*) FROM notification.deliveries WHERE status IN ('queued', 'retrying'))`);
  }
  if (hasWebhooks) {
    parts.push(`(SELECT count(*) FROM contract_ledger.webhook_deliveries WHERE status = 'pending')`);
  }
  return `SELECT (${parts.join(' + ') || '0'})::int AS busy`;
}
