import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import amqp from 'amqplib';
import { Client, Pool } from 'pg';
import { AppConfig, loadConfig } from '@app/config';
import { ALL_SERVICES } from '@app/contracts';
import { ensureDatabase } from '@app/db';
import {
  deadLetterExchange,
  deadLetterQueue,
  eventsExchange,
  serviceControlQueue,
  serviceEventQueue,
  serviceQueue,
} from '@app/messaging/topology';

export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Config for one test file: its own database and its own queue and Redis
 * prefixes, against the machine's real PostgreSQL, RabbitMQ and Redis.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const base = loadConfig({ ...process.env, ...overrides });
  const database = new URL(base.DATABASE_URL);
  database.pathname = `/${uniqueName('inkan_t_')}`;
  return loadConfig({
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.toString(),
    AMQP_PREFIX: uniqueName('t'),
    REDIS_PREFIX: uniqueName('t'),
    AMQP_DELIVERY_LIMIT: '3',
    AMQP_RECONNECT_SECONDS: '0.5',
    OUTBOX_POLL_MS: '100',
    // Mail never lands in the repository's .inkan/mail, and retries stay quick.
    MAIL_DROP_DIR: path.join(os.tmpdir(), uniqueName('inkan-mail-')),
    MAIL_RETRY_BASE_MS: '50',
    MAIL_RETRY_MAX_MS: '200',
    ...overrides,
  });
}

export async function createTestDatabase(config: AppConfig): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
}

export async function dropTestDatabase(config: AppConfig): Promise<void> {
  const url = new URL(config.DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Removes every queue and exchange a test run declared under its prefix. */
export async function deleteTopology(config: AppConfig): Promise<void> {
  const connection = await amqp.connect(config.AMQP_URL);
  try {
    const channel = await connection.createChannel();
    for (const service of ALL_SERVICES) {
      await channel.deleteQueue(serviceQueue(config.AMQP_PREFIX, service));
      await channel.deleteQueue(serviceEventQueue(config.AMQP_PREFIX, service));
      await channel.deleteQueue(deadLetterQueue(config.AMQP_PREFIX, service));
      await channel.deleteQueue(serviceControlQueue(config.AMQP_PREFIX, service));
    }
    await channel.deleteExchange(eventsExchange(config.AMQP_PREFIX));
    await channel.deleteExchange(deadLetterExchange(config.AMQP_PREFIX));
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * How often a table has been read sequentially so far (this session's counts flushed first, PostgreSQL 15+), and
 * whether anything has analysed it: for tests that a statement goes through an index even without statistics.
 */
export async function tableScans(
  pool: Pick<Pool, 'query'>,
  schema: string,
  table: string,
): Promise<{ sequential: number; analysed: boolean }> {
  await pool.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await pool.query<{ sequential: string; analysed: boolean }>(
    `SELECT seq_scan AS sequential, (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analysed
     FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2`,
    [schema, table],
  );
  return { sequential: Number(rows[0].sequential), analysed: rows[0].analysed };
}
