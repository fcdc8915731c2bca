import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { AppConfig } from '@app/config';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { DatabaseHandle, openDatabase, Transaction } from '../src/database';
import { insertQuery, insertRows, preparedInsert, unnestQuery } from '../src/insert-rows';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const schema = pgSchema('insert_rows_test');
let made = 0;

/** Every kind of column the services insert many rows into: defaults of each sort, JSON, arrays, bytes, nulls. */
const things = schema.table('things', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  id: uuid('id').notNull().defaultRandom(),
  label: text('label').notNull(),
  token: text('token')
    .notNull()
    .$defaultFn(() => `token-${++made}`),
  count: integer('count').notNull().default(0),
  active: boolean('active').notNull().default(true),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  tags: text('tags').array(),
  content: bytea('content'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  changedAt: timestamp('changed_at', { withTimezone: true }).$onUpdateFn(() => new Date('2026-01-02T03:04:05.678Z')),
  note: text('note'),
});

type NewThing = typeof things.$inferInsert;

const rows = (): NewThing[] => [
  { label: 'plain', details: { a: 1, text: '署名 "quoted"' } },
  {
    label: 'full',
    id: randomUUID(),
    token: 'given',
    count: 7,
    active: false,
    details: { nested: { list: [1, 2] } },
    tags: ['x', 'y "z"'],
    content: Buffer.from([0, 1, 2, 255]),
    at: new Date('2026-11-26T01:02:03.004Z'),
    changedAt: new Date('2026-11-26T05:06:07.008Z'),
    note: null,
  },
  { label: 'undefined is a default', count: undefined, details: {}, note: 'n' },
];

describe('insertRows', () => {
  let config: AppConfig;
  let database: DatabaseHandle;

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    database = openDatabase(config.DATABASE_URL, { poolSize: 2 });
    await database.db.execute(sql`CREATE SCHEMA insert_rows_test`);
    await database.db.execute(sql`CREATE TABLE insert_rows_test.things (
      seq bigserial PRIMARY KEY, id uuid NOT NULL DEFAULT gen_random_uuid(), label text NOT NULL UNIQUE, token text NOT NULL,
      count integer NOT NULL DEFAULT 0, active boolean NOT NULL DEFAULT true, details jsonb NOT NULL, tags text[], content bytea,
      at timestamptz NOT NULL DEFAULT now(), changed_at timestamptz, note text)`);
  });

  afterAll(async () => {
    await database?.close();
    await dropTestDatabase(config);
  });

  beforeEach(() => database.db.execute(sql`TRUNCATE insert_rows_test.things`));

  it('builds the statement drizzle builds: the same text and parameters, with defaults, conflicts and returning', () => {
    const withoutDefaultFns = rows().map((row) => ({ token: 'fixed', changedAt: new Date(0), ...row }));
    const variants = [
      {},
      { onConflictDoNothing: true },
      { onConflictDoNothing: { target: [things.label, things.token] }, returning: true as const },
      { returning: true as const },
      { returning: { seq: things.seq, at: things.at } },
    ];
    for (const options of variants) {
      let query = database.db.insert(things).values(withoutDefaultFns);
      if (options.onConflictDoNothing === true) {
        query = query.onConflictDoNothing() as unknown as typeof query;
      } else if (options.onConflictDoNothing) {
        query = query.onConflictDoNothing(options.onConflictDoNothing) as unknown as typeof query;
      }
      const drizzle =
        'returning' in options
          ? options.returning === true
            ? query.returning().toSQL()
            : query.returning(options.returning!).toSQL()
          : query.toSQL();
      expect(insertQuery(things, withoutDefaultFns, options)).toEqual({ sql: drizzle.sql, params: drizzle.params });
    }
  });

  it('calls $defaultFn once per row that leaves the column out, and $onUpdateFn when nothing else applies', () => {
    made = 0;
    const { params } = insertQuery(things, rows());
    expect(params.filter((param) => typeof param === 'string' && param.startsWith('token-'))).toEqual(['token-1', 'token-2']);
    expect(params.filter((param) => param === '2026-01-02T03:04:05.678Z')).toHaveLength(2);
  });

  it('stores what drizzle stores and returns rows mapped as drizzle maps them', async () => {
    made = 0;
    const ours = await insertRows(database.db, things, rows(), { returning: true });
    const stored = await database.db.select().from(things).orderBy(things.seq);
    expect(ours).toEqual(stored);
    await database.db.execute(sql`TRUNCATE insert_rows_test.things`);
    made = 0;
    const theirs = await database.db.insert(things).values(rows()).returning();
    const strip = ({ seq, id, at, ...rest }: typeof things.$inferSelect) => ({
      ...rest,
      idIsUuid: /^[0-9a-f-]{36}$/.test(id),
      seq: typeof seq,
      at: typeof at,
    });
    expect(ours.map(strip)).toEqual(theirs.map(strip));
    expect(ours[1]).toMatchObject({
      content: Buffer.from([0, 1, 2, 255]),
      tags: ['x', 'y "z"'],
      details: { nested: { list: [1, 2] } },
      note: null,
    });
    expect(ours[0].at).toBeInstanceOf(Date);
  });

  it('returns only the columns asked for, skips conflicting rows when told to, and works inside a transaction', async () => {
    await insertRows(database.db, things, [{ label: 'taken', details: {} }]);
    const returned = await database.db.transaction((tx) =>
      insertRows(
        tx,
        things,
        [
          { label: 'taken', details: {} },
          { label: 'free', details: { n: 1 } },
        ],
        {
          onConflictDoNothing: true,
          returning: { label: things.label, count: things.count },
        },
      ),
    );
    expect(returned).toEqual([{ label: 'free', count: 0 }]);
    // Failures come as drizzle's own do: the statement, and PostgreSQL's error as the cause.
    await expect(insertRows(database.db, things, [{ label: 'taken', details: {} }])).rejects.toMatchObject({
      message: expect.stringMatching(/^Failed query: insert into "insert_rows_test"."things"/),
      cause: { code: '23505' },
    });
    expect(await insertRows(database.db, things, [], { returning: true })).toEqual([]);
  });

  it('refuses a value that is itself SQL rather than sending something else', () => {
    expect(() => insertQuery(things, [{ label: 'x', details: {}, at: sql`now()` as unknown as Date }])).toThrow(
      'insertQuery: at is an SQL expression; insert with drizzle instead',
    );
  });

  describe('unnest', () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    /** Rows that set the same columns, none of them the array column: quotes, backslashes, JSON, bytes, nulls, dates. */
    const uniform = (): NewThing[] =>
      [
        { label: 'plain', id: ids[0], details: { a: 1, text: '署名 "quoted" \\ back' }, note: null, content: null },
        {
          label: 'full "q" \\ {x,y} NULL',
          id: ids[1],
          details: { nested: { list: [1, 2], s: 'a"b\\c' } },
          note: 'NULL',
          content: Buffer.from([0, 1, 2, 255, 92, 34]),
          at: new Date('2026-11-26T01:02:03.004Z'),
        },
        { label: '', id: ids[2], details: {}, note: ',', content: Buffer.alloc(0) },
      ].map((row, index) => ({ at: new Date(Date.UTC(2026, 10, 27, 0, 0, index)), ...row }));

    it('stores and returns what the values list does, with one statement text for any number of rows', async () => {
      made = 0;
      const ours = await insertRows(database.db, things, uniform(), { unnest: true, returning: true });
      await database.db.execute(sql`TRUNCATE insert_rows_test.things`);
      made = 0;
      const theirs = await insertRows(database.db, things, uniform(), { returning: true });
      const strip = ({ seq, ...rest }: typeof things.$inferSelect) => ({ ...rest, seq: typeof seq });
      expect(ours.map(strip)).toEqual(theirs.map(strip));
      expect(ours.map((row) => row.label)).toEqual(uniform().map((row) => row.label));
      expect(ours[1]).toMatchObject({ content: Buffer.from([0, 1, 2, 255, 92, 34]), note: 'NULL', details: uniform()[1].details });
      expect(ours[0]).toMatchObject({ note: null, content: null, token: 'token-1', count: 0, active: true, tags: null });
      const one = unnestQuery(things, uniform().slice(0, 1));
      const three = unnestQuery(things, uniform());
      expect(one.sql).toBe(three.sql);
      expect(three.sql).toBe(
        'insert into "insert_rows_test"."things" ("id", "label", "token", "details", "content", "at", "changed_at", "note") ' +
          'select * from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::bytea[], $6::timestamp with time zone[], ' +
          '$7::timestamp with time zone[], $8::text[])',
      );
      expect(three.params).toHaveLength(8);
    });

    it('skips conflicting rows and returns the columns asked for, as the values list does', async () => {
      await insertRows(database.db, things, [{ label: 'taken', details: {} }], { unnest: true });
      const returned = await insertRows(
        database.db,
        things,
        [
          { label: 'taken', details: {} },
          { label: 'free', details: { n: 1 } },
        ],
        { unnest: true, onConflictDoNothing: true, returning: { label: things.label, count: things.count } },
      );
      expect(returned).toEqual([{ label: 'free', count: 0 }]);
    });

    it('sends a column left out of some rows as NULL where it has no default, and falls back to a values list where it cannot', async () => {
      const mixed = await insertRows(
        database.db,
        things,
        [
          { label: 'with note', details: {}, note: 'n' },
          { label: 'without', details: {} },
        ],
        { unnest: true, returning: { label: things.label, note: things.note } },
      );
      expect(mixed).toEqual([
        { label: 'with note', note: 'n' },
        { label: 'without', note: null },
      ]);
      made = 0;
      const fallback = await insertRows(database.db, things, rows(), { unnest: true, returning: true });
      expect(fallback.map((row) => [row.label, row.tags, row.count, row.token])).toEqual([
        ['plain', null, 0, 'token-1'],
        ['full', ['x', 'y "z"'], 7, 'given'],
        ['undefined is a default', null, 0, 'token-2'],
      ]);
    });

    it('refuses rows it cannot send as arrays: an array column, a column left to its default in only some rows, SQL', () => {
      expect(() => unnestQuery(things, [{ label: 'a', details: {}, tags: ['x'] }])).toThrow('unnestQuery: tags is an array column');
      expect(() =>
        unnestQuery(things, [
          { label: 'a', details: {}, count: 1 },
          { label: 'b', details: {} },
        ]),
      ).toThrow('unnestQuery: count is set in some rows and left to its default in others; use insertQuery');
      expect(() => unnestQuery(things, [{ label: 'x', details: {}, at: sql`now()` as unknown as Date }])).toThrow(
        'unnestQuery: at is an SQL expression',
      );
      expect(() => unnestQuery(things, [])).toThrow('unnestQuery: no rows');
      const defaultsOnly = schema.table('defaults_only', { seq: bigserial('seq', { mode: 'number' }).primaryKey() });
      expect(() => unnestQuery(defaultsOnly, [{}, {}])).toThrow('unnestQuery: every column is left to its default');
    });
  });

  describe('preparedInsert', () => {
    const insertThings = preparedInsert('test.insert_things', things, {
      onConflictDoNothing: true,
      returning: { label: things.label, content: things.content },
    });
    const withContent = (label: string, size = 48 * 1024) => ({
      label,
      token: `token of ${label}`,
      details: { label },
      content: Buffer.alloc(size, label),
    });
    type Prepared = { name: string; statement: string; generic_plans: string; custom_plans: string };
    const preparedOn = (tx: Transaction) =>
      tx
        .execute<Prepared>(
          sql`SELECT name, statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'test.%' ORDER BY name`,
        )
        .then(({ rows: found }) =>
          found.map((row) => ({ ...row, generic_plans: Number(row.generic_plans), custom_plans: Number(row.custom_plans) })),
        );

    it('stores and returns what insertRows does, as one named statement per row count, planned generically', async () => {
      const { ours, prepared, mode } = await database.db.transaction(async (tx) => {
        const first = await insertThings(tx, [withContent('a'), withContent('b')]);
        const second = await insertThings(tx, [withContent('c'), withContent('a'), withContent('d')]);
        const third = await insertThings(tx, [withContent('e'), withContent('f')]);
        const setting = await tx.execute<{ plan_cache_mode: string }>(sql`SHOW plan_cache_mode`);
        return { ours: [first, second, third], prepared: await preparedOn(tx), mode: setting.rows[0].plan_cache_mode };
      });
      expect(ours.map((returned) => returned.map((row) => row.label))).toEqual([
        ['a', 'b'],
        ['c', 'd'],
        ['e', 'f'],
      ]);
      expect(ours[0][1].content).toEqual(Buffer.alloc(48 * 1024, 'b'));
      // Each count its own statement, each execution with the generic plan.
      expect(prepared.map(({ name, generic_plans, custom_plans }) => ({ name, generic_plans, custom_plans }))).toEqual([
        { name: 'test.insert_things.2', generic_plans: 2, custom_plans: 0 },
        { name: 'test.insert_things.3', generic_plans: 1, custom_plans: 0 },
      ]);
      expect(prepared[0].statement).toBe(
        insertQuery(things, [withContent('x'), withContent('y')], {
          onConflictDoNothing: true,
          returning: { label: things.label, content: things.content },
        }).sql,
      );
      // The rest of the transaction is planned as the connection plans.
      expect(mode).toBe('force_custom_plan');
      const stored = await database.db.select({ label: things.label, content: things.content }).from(things).orderBy(things.label);
      expect(stored.map((row) => row.label)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      expect(stored[3].content).toEqual(Buffer.alloc(48 * 1024, 'd'));
    });

    it('runs in a transaction of its own when given the database, and leaves the connection as it was', async () => {
      expect(await insertThings(database.db, [withContent('alone', 10)])).toEqual([{ label: 'alone', content: Buffer.alloc(10, 'alone') }]);
      expect(await insertThings(database.db, [])).toEqual([]);
      const modes = await Promise.all(
        [0, 1].map(() =>
          database.db.execute<{ plan_cache_mode: string }>(sql`SHOW plan_cache_mode`).then(({ rows: found }) => found[0].plan_cache_mode),
        ),
      );
      expect(modes).toEqual(['force_custom_plan', 'force_custom_plan']);
    });

    it('rolls back with its transaction, setting included, and a failed statement fails the transaction', async () => {
      await expect(
        database.db.transaction(async (tx) => {
          await insertThings(tx, [withContent('rolled back')]);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      await expect(
        database.db.transaction((tx) => insertThings(tx, [{ ...withContent('bad'), token: null as unknown as string }])),
      ).rejects.toMatchObject({ cause: { code: '23502' } });
      expect(await database.db.select().from(things)).toEqual([]);
      expect((await database.db.execute<{ plan_cache_mode: string }>(sql`SHOW plan_cache_mode`)).rows[0].plan_cache_mode).toBe(
        'force_custom_plan',
      );
    });

    it('refuses rows that set other columns than earlier ones of that count, a taken name and a name PostgreSQL would not keep', async () => {
      await insertThings(database.db, [withContent('one')]);
      await expect(insertThings(database.db, [{ ...withContent('two'), count: 3 }])).rejects.toThrow(
        'preparedInsert test.insert_things: every call must set the same columns',
      );
      expect(() => preparedInsert('test.insert_things', things)).toThrow('the name test.insert_things is taken');
      expect(() => preparedInsert('test.' + 'x'.repeat(53), things)).toThrow('at most 57 bytes');
      expect(() => preparedInsert('Test.upper', things)).toThrow('must be lower-case letters');
    });
  });

  describe('keptReferencePlans', () => {
    const parents = schema.table('parents', { id: uuid('id').primaryKey() });
    const children = schema.table('children', {
      seq: bigserial('seq', { mode: 'number' }).primaryKey(),
      parentId: uuid('parent_id')
        .notNull()
        .references(() => parents.id),
      label: text('label').notNull(),
    });
    const parentIds = [randomUUID(), randomUUID(), randomUUID()];
    const childrenOf = (label: string) => parentIds.map((parentId, index) => ({ parentId, label: `${label}-${index}` }));

    /** Whether this connection keeps a plan of the foreign key's check (a generic plan is a CachedPlan; custom ones are dropped). */
    const keptCheckPlans = async (tx: Transaction) =>
      (
        await tx.execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM pg_backend_memory_contexts
              WHERE name = 'CachedPlan' AND ident LIKE 'SELECT 1 FROM ONLY "insert_rows_test"."parents" x WHERE%'`,
        )
      ).rows[0].n;
    const planMode = async (tx: Transaction) =>
      (await tx.execute<{ plan_cache_mode: string }>(sql`SHOW plan_cache_mode`)).rows[0].plan_cache_mode;

    beforeAll(async () => {
      await database.db.execute(sql`CREATE TABLE insert_rows_test.parents (id uuid PRIMARY KEY)`);
      await database.db.execute(sql`CREATE TABLE insert_rows_test.children (
        seq bigserial PRIMARY KEY, parent_id uuid NOT NULL REFERENCES insert_rows_test.parents (id), label text NOT NULL)`);
      await database.db.insert(parents).values(parentIds.map((id) => ({ id })));
    });

    it('without it, each row’s check is planned anew: the connection keeps no plan of it', async () => {
      const { kept, stored } = await database.db.transaction(async (tx) => {
        for (let round = 0; round < 8; round += 1) {
          await insertRows(tx, children, childrenOf(`plain-${round}`));
        }
        return { kept: await keptCheckPlans(tx), stored: await tx.select().from(children) };
      });
      expect(stored).toHaveLength(24);
      expect(kept).toBe(0);
    });

    it('with it, the connection keeps the check’s plan, and the rest of the transaction is planned as before', async () => {
      const { kept, mode, returned } = await database.db.transaction(async (tx) => {
        const made = [];
        for (let round = 0; round < 8; round += 1) {
          made.push(
            await insertRows(tx, children, childrenOf(`kept-${round}`), { keptReferencePlans: true, returning: { label: children.label } }),
          );
        }
        return { kept: await keptCheckPlans(tx), mode: await planMode(tx), returned: made };
      });
      expect(kept).toBe(1);
      expect(mode).toBe('force_custom_plan');
      expect(returned[7]).toEqual(childrenOf('kept-7').map(({ label }) => ({ label })));
    });

    it('still refuses a row whose reference is missing, and runs in a transaction of its own when given the database', async () => {
      const before = (await database.db.select().from(children)).length;
      await expect(
        insertRows(database.db, children, [...childrenOf('orphan'), { parentId: randomUUID(), label: 'orphan-x' }], {
          keptReferencePlans: true,
        }),
      ).rejects.toMatchObject({ cause: { code: '23503' } });
      expect(await database.db.select().from(children)).toHaveLength(before);
      await insertRows(database.db, children, childrenOf('alone'), { keptReferencePlans: true });
      expect(await database.db.select().from(children)).toHaveLength(before + 3);
      expect((await database.db.execute<{ plan_cache_mode: string }>(sql`SHOW plan_cache_mode`)).rows[0].plan_cache_mode).toBe(
        'force_custom_plan',
      );
    });
  });
});
