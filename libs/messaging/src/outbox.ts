import { randomUUID } from 'node:crypto';
import { asc, inArray, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { ACTOR_HEADER, ActorContext, EventInput, EventName, eventContracts, parseOrThrow } from '@app/contracts';
import { Database, Executor } from '@app/db';
import { AmqpConnection } from './amqp-connection';
import { currentActor } from './message-context';
import { eventsExchange } from './topology';
import { OutboxTable } from './outbox.table';

/**
 * Records an event in the same transaction as the state change it reports.
 * The payload is validated now, so a bad event fails the transaction instead
 * of poisoning a consumer later. Returns the message ID.
 */
export async function enqueueEvent<E extends EventName>(
  tx: Executor,
  outbox: OutboxTable,
  event: E,
  payload: EventInput<E>,
  actor: ActorContext = currentActor(),
): Promise<string> {
  const [id] = await enqueueEvents(tx, outbox, [{ event, payload, actor }]);
  return id;
}

/** One event of `enqueueEvents`, with the actor it is told on behalf of. */
export interface OutboxEntry<E extends EventName = EventName> {
  event: E;
  payload: EventInput<E>;
  actor?: ActorContext;
}

/** Several events in one statement, each validated as `enqueueEvent` does. Returns their message IDs in order. */
export async function enqueueEvents(tx: Executor, outbox: OutboxTable, entries: readonly OutboxEntry[]): Promise<string[]> {
  if (entries.length === 0) {
    return [];
  }
  const rows = entries.map((entry) => ({
    id: randomUUID(),
    event: entry.event,
    payload: parseOrThrow(eventContracts[entry.event].payload, entry.payload),
    actor: entry.actor ?? currentActor(),
  }));
  await tx.insert(outbox).values(rows);
  return rows.map((row) => row.id);
}

export interface OutboxRelayOptions {
  exchangePrefix: string;
  pollMs: number;
  batchSize?: number;
  logger: Logger;
}

/**
 * Moves committed outbox rows to RabbitMQ. A row is marked sent only after the
 * broker has confirmed it, inside the transaction that locked it: a crash or a
 * lost connection leaves it unsent and it is published again (consumers
 * dedupe on the message ID). Several relays of one service share the work
 * through SKIP LOCKED.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

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
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Publish soon: called after a transaction that enqueued events has committed. */
  wake(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
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

  private async publishBatch(): Promise<number> {
    const outbox = this.outbox;
    const outcome = await this.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outbox)
        .where(isNull(outbox.sentAt))
        .orderBy(asc(outbox.seq))
        .limit(this.options.batchSize ?? 100)
        .for('update', { skipLocked: true });
      if (rows.length === 0) {
        return { published: 0 };
      }
      const ids = rows.map((row) => row.id);
      try {
        const channel = await this.amqp.channel();
        for (const row of rows) {
          const body = Buffer.from(JSON.stringify({ pattern: row.event, data: row.payload }));
          channel.publish(eventsExchange(this.options.exchangePrefix), row.event, body, {
            persistent: true,
            messageId: row.id,
            contentType: 'application/json',
            type: row.event,
            timestamp: Math.floor(row.createdAt.getTime() / 1000),
            headers: { [ACTOR_HEADER]: JSON.stringify(row.actor) },
          });
        }
        await channel.waitForConfirms();
      } catch (error) {
        // The rows stay unsent; the attempt is recorded for operators.
        await tx
          .update(outbox)
          .set({ attempts: sql`${outbox.attempts} + 1`, lastError: String((error as Error).message).slice(0, 500) })
          .where(inArray(outbox.id, ids));
        return { published: 0, error: error as Error };
      }
      await tx.update(outbox).set({ sentAt: new Date(), lastError: null }).where(inArray(outbox.id, ids));
      return { published: rows.length };
    });
    if (outcome.error) {
      throw outcome.error;
    }
    if (outcome.published > 0) {
      this.options.logger.debug({ count: outcome.published }, 'outbox events published');
    }
    return outcome.published;
  }
}

/** Unsent events of a service, for health and tests. */
export async function countUnsent(db: Database, outbox: OutboxTable): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(outbox)
    .where(isNull(outbox.sentAt));
  return row?.count ?? 0;
}
