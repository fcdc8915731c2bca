import net from 'node:net';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { AppConfig } from '@app/config';

/** A TCP port nothing listens on right now (for a server to start on, or to stand for one that is down). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The config as the environment of a child process (an app, a signing worker). */
export function environmentOf(config: AppConfig, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(config)) {
    if (value !== undefined && value !== null && typeof value !== 'object') {
      env[key] = String(value);
    }
  }
  return { ...env, ...overrides };
}

/** Removes every Redis key under the run's own REDIS_PREFIX (BullMQ's queues, rate-limit counters). */
export async function deleteRedisKeys(config: AppConfig): Promise<void> {
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.REDIS_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * `count` more documents waiting for the same recipient, copied in the
 * database from one that went through the real flow (its signed PDF and its
 * sender route): many documents in seconds, for batches and benchmarks.
 * Returns the copies' IDs in document-number order.
 */
export async function copyWaitingContract(pool: Pick<Pool, 'query'>, contractId: string, count: number): Promise<string[]> {
  const copied = await pool.query<{ id: string }>(
    `WITH copies AS (
       INSERT INTO contract_workflow.contracts (name, signature_mode, status, sender_company_id, sender_company_name, sender_plan,
         sender_side, registrant_user_id, receiver_company_id, receiver_company_name, receiver_plan, recipient_user_id,
         transaction_date, amount, original_sha256, current_sha256, current_actor_user_id, sent_at)
       SELECT name || ' (' || n || ')', signature_mode, status, sender_company_id, sender_company_name, sender_plan, sender_side,
         registrant_user_id, receiver_company_id, receiver_company_name, receiver_plan, recipient_user_id, transaction_date,
         amount + n, original_sha256, current_sha256, current_actor_user_id, sent_at
       FROM contract_workflow.contracts, generate_series(1, $2::int) AS n WHERE id = $1
       RETURNING id, document_number
     ), steps AS (
       INSERT INTO contract_workflow.route_steps (contract_id, side, position, role, user_id, acted_at, action)
       SELECT copies.id, s.side, s.position, s.role, s.user_id, s.acted_at, s.action
       FROM copies, contract_workflow.route_steps s WHERE s.contract_id = $1
     )
     SELECT id FROM copies ORDER BY document_number`,
    [contractId, count],
  );
  return copied.rows.map((row) => row.id);
}
