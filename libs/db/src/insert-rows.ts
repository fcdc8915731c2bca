import { Column, getTableColumns, is, SQL, sql } from 'drizzle-orm';
import { getTableConfig, PgTable, PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from './database';
import { claimStatementName } from './prepared-statement';

/** What `insertRows` may return: every column (`true`) or some of them, as drizzle's `returning()` takes them. */
type Returning = true | Record<string, Column>;
type Result<T extends PgTable, R> = R extends true
  ? T['$inferSelect'][]
  : R extends Record<string, Column>
    ? { [K in keyof R]: R[K]['_']['data'] | (R[K]['_']['notNull'] extends true ? never : null) }[]
    : void;

export interface InsertRowsOptions<R> {
  /** `on conflict do nothing`, or `on conflict (target…) do nothing`. */
  onConflictDoNothing?: boolean | { target: Column[] };
  returning?: R;
  /**
   * The table's foreign keys are checked with plans PostgreSQL keeps for the connection, as it does by default,
   * instead of a plan made for every row (see `insertRows`). For batches into a table with foreign keys.
   */
  keptReferencePlans?: boolean;
  /**
   * The rows go as one array per column (`insert … select * from unnest($1::uuid[], …)`) instead of a `values` list:
   * PostgreSQL plans that statement alike for any number of rows (see `unnestQuery`). Rows that cannot (an array
   * column, a column left to its database default in only some rows) go as a `values` list.
   */
  unnest?: boolean;
}

interface InsertPlan {
  /** `"schema"."table"`. */
  target: string;
  /** `insert into "schema"."table" ("a", "b", …) values `. */
  head: string;
  columns: [key: string, column: Column][];
}

const plans = new WeakMap<PgTable, InsertPlan>();

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function planOf(table: PgTable): InsertPlan {
  let plan = plans.get(table);
  if (!plan) {
    const { schema, name } = getTableConfig(table);
    const columns = Object.entries(getTableColumns(table)).filter(
      ([, column]) => !(column as unknown as { shouldDisableInsert(): boolean }).shouldDisableInsert(),
    ) as [string, Column][];
    const target = schema === undefined ? quote(name) : `${quote(schema)}.${quote(name)}`;
    plan = {
      target,
      head: `insert into ${target} (${columns.map(([, column]) => quote(column.name)).join(', ')}) values `,
      columns,
    };
    plans.set(table, plan);
  }
  return plan;
}

/** A value left to the column's database default. */
const DEFAULT = Symbol('default');

/** What a row's value of a column sends: its driver value, or DEFAULT (`$defaultFn` and `$onUpdateFn` as drizzle applies them). */
function driverValueOf(caller: string, key: string, column: Column, given: unknown): unknown {
  let value = given;
  if (value === undefined) {
    if (column.defaultFn !== undefined) {
      value = column.defaultFn();
    } else if (!column.default && column.onUpdateFn !== undefined) {
      value = column.onUpdateFn();
    } else {
      return DEFAULT;
    }
  }
  if (is(value, SQL)) {
    throw new Error(`${caller}: ${key} is an SQL expression; insert with drizzle instead`);
  }
  return value === null ? null : column.mapToDriverValue(value);
}

/**
 * The statement drizzle's `insert(table).values(rows)` (with
 * `.onConflictDoNothing()` and `.returning(…)` when asked) sends, the same
 * text and parameters, built directly: drizzle builds an SQL object per value
 * and walks them again to render, which cost contract-workflow more CPU than
 * anything else it does when it concludes a batch of documents. Column
 * defaults, `$defaultFn` and `$onUpdateFn` behave as in drizzle; a value that is
 * itself SQL is refused (use drizzle for that statement).
 */
export function insertQuery<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertRowsOptions<Returning> = {},
): { sql: string; params: unknown[] } {
  if (rows.length === 0) {
    throw new Error('insertQuery: no rows');
  }
  const { head, columns } = planOf(table);
  const params: unknown[] = [];
  let text = head;
  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index] as Record<string, unknown>;
    text += index === 0 ? '(' : ', (';
    for (let position = 0; position < columns.length; position += 1) {
      const [key, column] = columns[position];
      if (position > 0) {
        text += ', ';
      }
      const value = driverValueOf('insertQuery', key, column, row[key]);
      if (value === DEFAULT) {
        text += 'default';
        continue;
      }
      params.push(value);
      text += `$${params.length}`;
    }
    text += ')';
  }
  text += tailOf(table, options);
  return { sql: text, params };
}

/** Rows `unnestQuery` cannot send as one array per column. */
export class NotUnnestable extends Error {}

/**
 * The statement of `insertRows(…, { unnest: true })`: the same rows as
 * `insertQuery`'s, each column's values as one array parameter. A `values`
 * list is planned with each of its parameters copied into the plan: under the
 * connections' `force_custom_plan` a 96-row outbox insert cost PostgreSQL 5.0
 * ms of CPU against 4.1 ms this way, a 24-row one 0.94 against 0.67 (backend
 * CPU, alternating rounds). A column left out of only some rows is NULL in
 * them where it has no database default; where it has one, and for array
 * columns, `NotUnnestable` is thrown (insert those with `insertQuery`).
 */
export function unnestQuery<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertRowsOptions<Returning> = {},
): { sql: string; params: unknown[] } {
  if (rows.length === 0) {
    throw new Error('unnestQuery: no rows');
  }
  const { target, columns } = planOf(table);
  const given: { column: Column; values: unknown[] }[] = [];
  for (const [key, column] of columns) {
    const values: unknown[] = [];
    let defaulted = 0;
    for (const row of rows as Record<string, unknown>[]) {
      const value = driverValueOf('unnestQuery', key, column, row[key]);
      if (value === DEFAULT) {
        // Without a database default, a column left out is NULL.
        defaulted += 1;
        values.push(null);
      } else {
        values.push(value);
      }
    }
    if (defaulted === rows.length) {
      continue;
    }
    if (defaulted > 0 && column.hasDefault) {
      throw new NotUnnestable(`unnestQuery: ${key} is set in some rows and left to its default in others; use insertQuery`);
    }
    if (column.getSQLType().endsWith(']')) {
      throw new NotUnnestable(`unnestQuery: ${key} is an array column; use insertQuery`);
    }
    given.push({ column, values });
  }
  if (given.length === 0) {
    throw new NotUnnestable('unnestQuery: every column is left to its default; use insertQuery');
  }
  let text = `insert into ${target} (${given.map(({ column }) => quote(column.name)).join(', ')}) select * from unnest(${given
    .map(({ column }, index) => `$${index + 1}::${column.getSQLType()}[]`)
    .join(', ')})`;
  text += tailOf(table, options);
  return { sql: text, params: given.map(({ values }) => values) };
}

/** What follows the rows: `on conflict … do nothing` and `returning …`, as drizzle writes them. */
function tailOf(table: PgTable, options: InsertRowsOptions<Returning>): string {
  let text = '';
  const conflict = options.onConflictDoNothing;
  if (conflict) {
    text +=
      conflict === true
        ? ' on conflict do nothing'
        : ` on conflict (${conflict.target.map((column) => quote(column.name)).join(',')}) do nothing`;
  }
  if (options.returning) {
    const fields = options.returning === true ? getTableColumns(table) : options.returning;
    text += ` returning ${Object.values(fields)
      .map((column) => quote(column.name))
      .join(', ')}`;
  }
  return text;
}

interface SessionOf {
  session: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: { path: string[]; field: Column }[] | undefined,
      name: string | undefined,
      isResponseInArrayMode: boolean,
    ): { execute(): Promise<unknown> };
  };
}

/** `unnestQuery` when asked for and the rows allow it, else `insertQuery`. */
function queryOf<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][], options: InsertRowsOptions<Returning>) {
  if (options.unnest) {
    try {
      return unnestQuery(table, rows, options);
    } catch (error) {
      if (!(error instanceof NotUnnestable)) {
        throw error;
      }
    }
  }
  return insertQuery(table, rows, options);
}

/**
 * `insert(table).values(rows)` for the statements that insert many rows at a
 * time (outbox events, audit entries, billing rows): the same statement as
 * drizzle's (`insertQuery`), run through drizzle's own session, so the rows it
 * returns are mapped as drizzle maps them.
 *
 * With `keptReferencePlans`, the statement runs between `SET LOCAL
 * plan_cache_mode = auto` and `RESET plan_cache_mode` (in the caller's
 * transaction or one of its own). PostgreSQL checks a foreign key with one
 * query per inserted row; under the connections' `force_custom_plan` (see
 * withSessionSettings) it planned that query for every row: 0.02–0.07 ms of
 * PostgreSQL's time per row, ten times the check itself. Under `auto` it
 * keeps a plan per connection, as every PostgreSQL does by default. The
 * insert itself is planned as before (an unnamed statement is planned for
 * its values).
 */
export async function insertRows<T extends PgTable, R extends Returning | undefined = undefined>(
  executor: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertRowsOptions<R> = {},
): Promise<Result<T, R>> {
  if (rows.length === 0) {
    return (options.returning ? [] : undefined) as Result<T, R>;
  }
  const query = queryOf(table, rows, options as InsertRowsOptions<Returning>);
  if (!options.keptReferencePlans) {
    return run(executor, table, query, options, undefined);
  }
  return underPlanMode(executor, keptPlans, (tx) => run(tx, table, query, options, undefined));
}

/**
 * `work` in the executor's transaction (or in one of its own: the setting is
 * the transaction's) under a `SET LOCAL plan_cache_mode`, then `RESET
 * plan_cache_mode`, so the transaction's other statements are planned as the
 * connection plans them.
 */
async function underPlanMode<T>(executor: Executor, setting: SQL, work: (tx: Executor) => Promise<T>): Promise<T> {
  if (!(executor instanceof PgTransaction)) {
    return executor.transaction((tx) => underPlanMode(tx, setting, work));
  }
  await executor.execute(setting);
  const result = await work(executor);
  await executor.execute(sessionPlan);
  return result;
}

function run<T extends PgTable, R extends Returning | undefined>(
  executor: Executor,
  table: T,
  query: { sql: string; params: unknown[] },
  options: InsertRowsOptions<R>,
  name: string | undefined,
): Promise<Result<T, R>> {
  // As drizzle's orderSelectedFields lays out a flat selection: each key with its column, in order.
  const fields = options.returning
    ? Object.entries(options.returning === true ? getTableColumns(table) : options.returning).map(([key, field]) => ({
        path: [key],
        field,
      }))
    : undefined;
  return (executor as unknown as SessionOf).session
    .prepareQuery(query, fields, name, true)
    .execute()
    .then((result) => (options.returning ? result : undefined) as Result<T, R>);
}

/** What a statement name's suffix may add: `.` and a row count. */
const ROW_COUNT_SUFFIX_BYTES = 6;
const MAX_PREPARED_ROWS = 10_000;
const genericPlan = sql.raw('SET LOCAL plan_cache_mode = force_generic_plan');
const keptPlans = sql.raw('SET LOCAL plan_cache_mode = auto');
const sessionPlan = sql.raw('RESET plan_cache_mode');

/**
 * `insertRows` for rows with large values (PDFs), as a named prepared
 * statement (`<name>.<row count>`) executed with a generic plan. A custom plan
 * — how PostgreSQL plans an unnamed statement, and every statement here (see
 * withSessionSettings) — puts each value into the plan as a constant, and the
 * planner copies the query several times: for 32 signed PDFs of 48 KB, 0.41
 * ms of PostgreSQL's CPU per row against 0.25 with a generic plan (medians of
 * 14 alternating rounds). A generic plan keeps them as parameters.
 *
 * The statement runs in the caller's transaction (or in one of its own),
 * between `SET LOCAL plan_cache_mode = force_generic_plan` and `RESET
 * plan_cache_mode`, so the transaction's other statements are planned as
 * before. Every call must set the same columns (a connection keeps one text
 * per name).
 */
export function preparedInsert<T extends PgTable, R extends Returning | undefined = undefined>(
  name: string,
  table: T,
  options: InsertRowsOptions<R> = {},
): (executor: Executor, rows: readonly T['$inferInsert'][]) => Promise<Result<T, R>> {
  claimStatementName('preparedInsert', name, ROW_COUNT_SUFFIX_BYTES);
  const texts = new Map<number, string>();
  const insert = async (executor: Executor, rows: readonly T['$inferInsert'][]): Promise<Result<T, R>> => {
    if (rows.length === 0) {
      return (options.returning ? [] : undefined) as Result<T, R>;
    }
    if (rows.length > MAX_PREPARED_ROWS) {
      throw new Error(`preparedInsert ${name}: at most ${MAX_PREPARED_ROWS} rows at a time, not ${rows.length}`);
    }
    const query = insertQuery(table, rows, options as InsertRowsOptions<Returning>);
    const text = texts.get(rows.length);
    if (text === undefined) {
      texts.set(rows.length, query.sql);
    } else if (text !== query.sql) {
      throw new Error(`preparedInsert ${name}: every call must set the same columns (a column left to its default differs)`);
    }
    return underPlanMode(executor, genericPlan, (tx) => run(tx, table, query, options, `${name}.${rows.length}`));
  };
  return insert;
}
