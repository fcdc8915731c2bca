import { drizzle } from 'drizzle-orm/node-postgres';
import type { Database, Executor } from './database';

/** What drizzle's query builders give from `.prepare(name)`. */
interface Preparable {
  prepare(name: string): { execute(placeholderValues?: Record<string, unknown>): Promise<unknown> };
}

type ResultOf<Q extends Preparable> = Awaited<ReturnType<ReturnType<Q['prepare']>['execute']>>;

/** The driver client of a database or a transaction (the pool, or the connection the transaction holds). */
interface WithSession {
  session: { client: unknown };
}

const names = new Set<string>();
let builder: Database | undefined;

/** PostgreSQL's limit on the name of a prepared statement (NAMEDATALEN − 1 bytes). */
const MAX_NAME_BYTES = 63;

/**
 * Reserves the name of a named prepared statement for the process: each name must be unique (a connection
 * refuses a second text under a name it has parsed), lower-case, and fit PostgreSQL's limit less `spareBytes`
 * (what the caller appends).
 */
export function claimStatementName(caller: string, name: string, spareBytes = 0): void {
  if (names.has(name)) {
    throw new Error(`${caller}: the name ${name} is taken`);
  }
  const maxBytes = MAX_NAME_BYTES - spareBytes;
  if (!/^[a-z][a-z0-9_.]*$/.test(name) || Buffer.byteLength(name) > maxBytes) {
    throw new Error(`${caller}: ${name} must be lower-case letters, digits, . and _, at most ${maxBytes} bytes`);
  }
  names.add(name);
}

/**
 * A statement that drizzle builds once — its values as `sql.placeholder(key)`
 * — and that then runs on any executor (the database or a transaction) as a
 * named prepared statement: each connection parses it once (and plans it at
 * each execution, see withSessionSettings).
 *
 * drizzle otherwise builds a statement anew for every call, an SQL object per
 * column and per value, walked again to render: 0.1–0.3 ms for a select of all
 * of a wide table's columns, 0.9 ms for a 28-row CASE update. On the hot paths
 * (a batch of bulk-signed documents) that was about a fifth of
 * contract-workflow's CPU. Write such statements with constant text — lists as one array value
 * (`= ANY(…)`, `unnest(…)`) — so that one prepared statement serves every
 * batch size.
 *
 * Placeholder values reach the driver as given (drizzle does not map them
 * through the column): pass what node-postgres sends (strings, numbers, Dates,
 * arrays of them). Rows come back mapped as drizzle maps them.
 */
export function preparedStatement<Q extends Preparable>(
  name: string,
  build: (db: Database) => Q,
): (executor: Executor, values: Record<string, unknown>) => Promise<ResultOf<Q>> {
  claimStatementName('preparedStatement', name);
  let template: object | undefined;
  return (executor, values) => {
    template ??= build((builder ??= drizzle.mock() as unknown as Database)).prepare(name);
    // drizzle's prepared query, bound to this executor's client instead of the builder's.
    const query = Object.assign(Object.create(Object.getPrototypeOf(template) as object) as object, template, {
      client: (executor as unknown as WithSession).session.client,
    }) as ReturnType<Q['prepare']>;
    return query.execute(values) as Promise<ResultOf<Q>>;
  };
}
