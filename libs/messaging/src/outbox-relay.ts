import { and, asc, inArray, isNull, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { Client, escapeIdentifier, Pool } from 'pg';
import type { Logger } from 'pino';
import { ACTOR_HEADER } from '@app/contracts';
import { Database, preparedStatement } from '@app/db';
import type { PlatformMetrics } from '@app/observability';
import { AmqpConnection } from './amqp-connection';
import { outboxChannel } from './outbox';
import { eventsExchange } from './topology';
import { OutboxTable } from './outbox.table';

/**
 * After a commit's notification the relay waits a few milliseconds for more
 * commits, and under a stream of commits drains at most every 100 ms: each
 * drain is a transaction and a broker confirm, so publishing every commit on
 * its own would cost more than the work it announces.
 */
const NOTIFIED_LINGER_MS = 5;
const NOTIFIED_MIN_INTERVAL_MS = 100;

export interface OutboxRelayOptions {
  exchangePrefix: string;
  /** The safety net: how often the outbox is looked at without a notification. */
  pollMs: number;
  batchSize?: number;
  logger: Logger;
  /** Where to LISTEN for committed events (a connection of its own, made from this pool's settings); without it, polling only. */
  notifications?: Pool;
  /**
   * The longest a batch's transaction waits for the broker (a channel, the
   * publishes and their confirms). Past it the claim rolls back, the
   * connection is dropped and the next attempt publishes on a fresh one.
   */
  confirmTimeoutMs?: number;
  /** Counts the events published (once their batch committed), by name. */
  metrics?: PlatformMetrics;
}

/** The broker took longer than the relay's deadline: nothing it said can be trusted to come. */
export class ConfirmDeadlineError extends Error {
  constructor(
    readonly count: number,
    readonly timeoutMs: number,
  ) {
    super(`RabbitMQ did not confirm ${count} events within ${timeoutMs} ms`);
    this.name = 'ConfirmDeadlineError';
  }
}

const DEFAULT_CONFIRM_TIMEOUT_MS = 10_000;

/**
 * Moves committed outbox rows to RabbitMQ. A row is marked sent only after the
 * broker has confirmed it, inside the transaction that locked it: a crash or a
 * lost connection leaves it unsent and it is published again (consumers
 * dedupe on the message ID). Several relays of one service share the work
 * through SKIP LOCKED. Each relay LISTENs on the outbox's channel, which
 * `enqueueEvents` notifies in the transaction, so an event is published
 * within milliseconds of its commit; polling every `pollMs` remains the
 * safety net (a lost listening connection is made again meanwhile).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private listener: Client | undefined;
  private notified: NodeJS.Timeout | undefined;
  private drainedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxTable,
    private readonly amqp: AmqpConnection,
    private readonly options: OutboxRelayOptions,
  ) {
    this.amqp.on('connected', () => this.wake());
  }

  start(): void {
    this.stopped = false;
    this.schedule();
    void this.listen();
  }

  /** Whether the relay hears commits now (false while its listening connection is being made again). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  private async listen(): Promise<void> {
    const pool = this.options.notifications;
    if (!pool || this.stopped) {
      return;
    }
    const client = new Client({ ...pool.options, application_name: `${pool.options.application_name ?? 'inkan'}-outbox` });
    let lost = false;
    const again = (error?: unknown) => {
      if (lost) {
        return;
      }
      lost = true;
      if (this.listener === client) {
        this.listener = undefined;
      }
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.options.logger.warn({ err: error }, 'outbox relay stopped hearing commits; polling until it listens again');
        setTimeout(() => void this.listen(), Math.min(this.options.pollMs, 1_000)).unref();
      }
    };
    client.on('error', again);
    client.on('end', () => again());
    client.on('notification', () => this.wakeSoon());
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(outboxChannel(this.outbox))}`);
    } catch (error) {
      again(error);
      return;
    }
    if (this.stopped) {
      lost = true;
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    // What committed while nobody listened.
    this.wake();
  }

  /** A commit was announced: publish after a few milliseconds, with whatever else commits meanwhile. */
  private wakeSoon(): void {
    if (this.notified || this.stopped) {
      return;
    }
    const delay = Math.max(NOTIFIED_LINGER_MS, this.drainedAt + NOTIFIED_MIN_INTERVAL_MS - Date.now());
    this.notified = setTimeout(() => {
      this.notified = undefined;
      this.wake();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.notified);
    this.notified = undefined;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.running;
  }

  /** Publish now (and until nothing is left): on a commit's notification, at each poll, or when a test asks. */
  wake(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.drainedAt = Date.now();
    this.running = this.drain()
      .then(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.schedule();
        }
      });
  }

  /** Publishes until nothing is left; resolves with the number published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      let published: number;
      try {
        published = await this.publishBatch();
      } catch (error) {
        this.options.logger.warn({ err: error }, 'outbox relay could not publish; will retry');
        return total;
      }
      total += published;
      if (published < (this.options.batchSize ?? 100)) {
        return total;
      }
    }
  }

  private schedule(): void {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), this.options.pollMs);
    this.timer.unref();
  }

  /**
   * One batch: the oldest unsent rows are claimed and marked sent in one
   * statement, published, and the mark commits only once the broker has
   * confirmed them all. If the broker fails, the transaction rolls back (the
   * rows are unsent again) and the attempt is recorded for operators.
   */
  private async publishBatch(): Promise<number> {
    const outbox = this.outbox;
    const statements = relayStatementsOf(outbox);
    let ids: string[] = [];
    let events: string[] = [];
    try {
      const published = await this.db.transaction(async (tx) => {
        const claimed = await statements.claim(tx, { limit: this.options.batchSize ?? 100, sentAt: new Date() });
        if (claimed.length === 0) {
          return 0;
        }
        // RETURNING does not keep the subquery's order.
        claimed.sort((a, b) => a.seq - b.seq);
        ids = claimed.map((row) => row.id);
        events = claimed.map((row) => row.event);
        // Every wait on the broker happens inside this open transaction (its row locks held, its
        // connection "idle in transaction"), so all of it is bounded: a broker that stops answering
        // must cost one deadline, not an outbox stalled for good.
        await withinDeadline(this.publishAndConfirm(claimed), claimed.length, this.options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS);
        return claimed.length;
      });
      if (published > 0) {
        this.options.logger.debug({ count: published }, 'outbox events published');
        for (const event of events) {
          this.options.metrics?.eventsPublished.inc({ event });
        }
      }
      return published;
    } catch (error) {
      if (error instanceof ConfirmDeadlineError) {
        // Counts only: payloads may carry personal data.
        this.options.logger.warn(
          { count: error.count, timeoutMs: error.timeoutMs },
          'outbox relay: the broker did not confirm in time; the batch rolled back and goes out again on a fresh connection',
        );
        this.amqp.reset(error.message);
      }
      if (ids.length > 0) {
        await this.recordFailure(ids, error as Error);
      }
      throw error;
    }
  }

  private async publishAndConfirm(claimed: ClaimedRow[]): Promise<void> {
    const channel = await this.amqp.channel();
    for (const row of claimed) {
      // The stored JSON text as it is, not parsed only to be written again.
      const body = Buffer.from(`{"pattern":${JSON.stringify(row.event)},"data":${row.payload}}`);
      channel.publish(eventsExchange(this.options.exchangePrefix), row.event, body, {
        persistent: true,
        messageId: row.id,
        contentType: 'application/json',
        type: row.event,
        timestamp: Number(row.createdAtSeconds),
        headers: { [ACTOR_HEADER]: row.actor, ...(row.traceparent ? { traceparent: row.traceparent } : {}) },
      });
    }
    await channel.waitForConfirms();
  }

  /** The rows stay unsent (their claim rolled back); the attempt is recorded for operators. */
  private async recordFailure(ids: string[], error: Error): Promise<void> {
    const outbox = this.outbox;
    await this.db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, lastError: String(error.message).slice(0, 500) })
      .where(and(inArray(outbox.id, ids), isNull(outbox.sentAt)))
      .catch((recording: unknown) => this.options.logger.warn({ err: recording }, 'outbox relay could not record a failed attempt'));
  }
}

const relayStatements = new WeakMap<OutboxTable, ReturnType<typeof makeRelayStatements>>();

/** The relay's statement on an outbox, prepared once per outbox (see preparedStatement). */
function relayStatementsOf(outbox: OutboxTable): ReturnType<typeof makeRelayStatements> {
  let statements = relayStatements.get(outbox);
  if (!statements) {
    statements = makeRelayStatements(outbox);
    relayStatements.set(outbox, statements);
  }
  return statements;
}

function makeRelayStatements(outbox: OutboxTable) {
  const prefix = `outbox.${getTableConfig(outbox).schema ?? 'public'}`;
  return {
    /**
     * The oldest unsent rows that no other relay holds, marked sent and returned in one statement (locking them
     * first with a SELECT … FOR UPDATE, then marking them, wrote and read each row twice).
     */
    claim: preparedStatement(`${prefix}.claim`, (db) =>
      db
        .update(outbox)
        .set({ sentAt: sql`${sql.placeholder('sentAt')}::timestamptz`, lastError: null })
        .where(
          and(
            isNull(outbox.sentAt),
            inArray(
              outbox.id,
              db
                .select({ id: outbox.id })
                .from(outbox)
                .where(isNull(outbox.sentAt))
                .orderBy(asc(outbox.seq))
                .limit(sql.placeholder('limit'))
                .for('update', { skipLocked: true }),
            ),
          ),
        )
        .returning({
          id: outbox.id,
          seq: outbox.seq,
          event: outbox.event,
          payload: sql<string>`${outbox.payload}::text`,
          // The trace the row was written in travels as the traceparent header, not in the actor (see enqueueEvents).
          actor: sql<string>`(${outbox.actor} - 'traceparent')::text`,
          traceparent: sql<string | null>`${outbox.actor} ->> 'traceparent'`,
          createdAtSeconds: sql<string>`floor(extract(epoch from ${outbox.createdAt}))::bigint`,
        }),
    ),
  };
}

type ClaimedRow = Awaited<ReturnType<ReturnType<typeof makeRelayStatements>['claim']>>[number];

/** Resolves as `work` does, or rejects with ConfirmDeadlineError once `timeoutMs` has passed. */
async function withinDeadline(work: Promise<void>, count: number, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  // A late rejection of the abandoned work must not surface as unhandled.
  work.catch(() => undefined);
  try {
    await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ConfirmDeadlineError(count, timeoutMs)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
