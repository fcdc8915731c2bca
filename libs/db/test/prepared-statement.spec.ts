import { randomUUID } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { AppConfig } from '@app/config';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { Database, DatabaseHandle, openDatabase, withSessionSettings } from '../src/database';
import { preparedStatement } from '../src/prepared-statement';

const schema = pgSchema('prepared_statement_test');
const items = schema.table('items', {
  id: uuid('id').primaryKey(),
  label: text('label').notNull(),
  version: integer('version').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true }),
});

const itemsById = preparedStatement('test.items_by_id', build);
function build(db: Database) {
  return db
    .select()
    .from(items)
    .where(sql`${items.id} = ANY(${sql.placeholder('ids')}::uuid[])`)
    .orderBy(asc(items.label));
}

const bumpAll = preparedStatement('test.bump_all', (db) =>
  db
    .update(items)
    .set({ version: sql`${items.version} + 1`, changedAt: sql`${sql.placeholder('at')}::timestamptz` })
    .where(
      sql`(${items.id}, ${items.version}) IN (SELECT * FROM unnest(${sql.placeholder('ids')}::uuid[], ${sql.placeholder('versions')}::int[]))`,
    )
    .returning({ id: items.id, version: items.version, changedAt: items.changedAt }),
);

describe('preparedStatement', () => {
  let config: AppConfig;
  let database: DatabaseHandle;
  const ids = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    database = openDatabase(config.DATABASE_URL, { poolSize: 1 });
    await database.db.execute(sql`CREATE SCHEMA prepared_statement_test`);
    await database.db.execute(
      sql`CREATE TABLE prepared_statement_test.items (id uuid PRIMARY KEY, label text NOT NULL, version integer NOT NULL, changed_at timestamptz)`,
    );
    await database.db.insert(items).values(ids.map((id, index) => ({ id, label: `item ${index}`, version: index })));
  });

  afterAll(async () => {
    await database?.close();
    await dropTestDatabase(config);
  });

  it('returns rows mapped as drizzle maps them, for any number of values with one statement', async () => {
    expect(await itemsById(database.db, { ids: [ids[2], ids[0]] })).toEqual([
      { id: ids[0], label: 'item 0', version: 0, changedAt: null },
      { id: ids[2], label: 'item 2', version: 2, changedAt: null },
    ]);
    expect(await itemsById(database.db, { ids })).toHaveLength(3);
    expect(await itemsById(database.db, { ids: [] })).toEqual([]);
    // The same rows drizzle's own builder returns.
    expect(await itemsById(database.db, { ids })).toEqual(
      await database.db.select().from(items).where(inArray(items.id, ids)).orderBy(asc(items.label)),
    );
  });

  it('is parsed once per connection, as a named statement, and runs inside transactions on their connection', async () => {
    await itemsById(database.db, { ids });
    const at = new Date('2026-11-26T01:02:03.456Z');
    const changed = await database.db.transaction(async (tx) => {
      const rows = await bumpAll(tx, { ids: [ids[0], ids[1]], versions: [0, 5], at });
      const prepared = await tx.execute<{ name: string; statement: string }>(
        sql`SELECT name, statement FROM pg_prepared_statements ORDER BY name`,
      );
      expect(prepared.rows.map((row) => row.name)).toEqual(['test.bump_all', 'test.items_by_id']);
      expect(prepared.rows[1].statement).toContain('= ANY($1::uuid[])');
      return rows;
    });
    // Only the row whose version matched changed, with the Date as a Date.
    expect(changed).toEqual([{ id: ids[0], version: 1, changedAt: at }]);
    const [after] = await database.db.select().from(items).where(eq(items.id, ids[0]));
    expect(after.version).toBe(1);
  });

  it('is planned for each execution, so that a plan never outlives the table sizes it was made for', async () => {
    const setting = await database.db.transaction((tx) => tx.execute<{ plan_cache_mode: string }>(sql`SHOW plan_cache_mode`));
    expect(setting.rows).toEqual([{ plan_cache_mode: 'force_custom_plan' }]);
  });

  it('keeps the options a database URL already gives its connections', async () => {
    const url = new URL(config.DATABASE_URL);
    url.searchParams.set('options', '-c lock_timeout=1234');
    expect(new URL(withSessionSettings(url.toString())).searchParams.get('options')).toBe(
      '-c lock_timeout=1234 -c plan_cache_mode=force_custom_plan',
    );
    const other = openDatabase(url.toString(), { poolSize: 1 });
    try {
      const settings = await other.db.execute<{ lock_timeout: string; plan_cache_mode: string }>(
        sql`SELECT current_setting('lock_timeout') AS lock_timeout, current_setting('plan_cache_mode') AS plan_cache_mode`,
      );
      expect(settings.rows).toEqual([{ lock_timeout: '1234ms', plan_cache_mode: 'force_custom_plan' }]);
    } finally {
      await other.close();
    }
  });

  it('rolls back with its transaction and keeps working after a failed statement', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await bumpAll(tx, { ids: [ids[2]], versions: [2], at: new Date() });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await expect(bumpAll(database.db, { ids: ['not-a-uuid'], versions: [1], at: new Date() })).rejects.toThrow(/uuid/);
    const [row] = await itemsById(database.db, { ids: [ids[2]] });
    expect(row.version).toBe(2);
  });

  it('refuses a missing value, a taken name and a name PostgreSQL would not keep', async () => {
    await expect(itemsById(database.db, {})).rejects.toThrow(/placeholder.*ids/i);
    expect(() => preparedStatement('test.items_by_id', build)).toThrow('the name test.items_by_id is taken');
    expect(() => preparedStatement('Test Items', build)).toThrow(/lower-case/);
    expect(() => preparedStatement(`t${'x'.repeat(63)}`, build)).toThrow(/63 bytes/);
  });
});
