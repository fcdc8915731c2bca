import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { Database } from '@app/db';
import { InboxTable, OutboxTable } from './outbox.table';

export interface MessageRetentionOptions {
  /** Published events are kept this long after they were sent (unsent ones are never removed). */
  outboxDays: number;
  /** Handled message IDs are kept this long, so a redelivery within it is still recognised. */
  inboxDays: number;
  /** How often a pass runs; the first runs one interval after start (at most a minute), not at boot. */
  intervalMs: number;
  /** Rows removed per statement: a pass never holds many locks or one long transaction. */
  batchSize?: number;
  logger: Logger;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_PASS_MAX_DELAY_MS = 60_000;

/**
 * Keeps a service's outbox and inbox from growing without bound. A pass
 * removes the outbox rows the broker confirmed more than `outboxDays` ago and
 * the inbox rows older than `inboxDays`, a batch per statement, until none
 * is left. An unsent event is never removed, however old: it is still to be
 * delivered. Several instances of a service may prune at once (SKIP LOCKED);
 * a pass that fails is logged and the next one tries again.
 */
export class MessageRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  /** Set by stop(): a pass under way ends after its current statement. */
  private halted = false;

  constructor(
    private readonly db: Database,
    private readonly tables: { outbox?: OutboxTable; inbox?: InboxTable },
    private readonly options: MessageRetentionOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.halted = false;
    this.schedule(Math.min(this.options.intervalMs, FIRST_PASS_MAX_DELAY_MS));
  }

  /** Whether passes are scheduled (between start and stop). */
  get started(): boolean {
    return !this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: how many rows of each table it removed. */
  async prune(now = new Date()): Promise<{ outbox: number; inbox: number }> {
    const { outbox, inbox } = this.tables;
    const outboxBefore = new Date(now.getTime() - this.options.outboxDays * DAY_MS);
    const inboxBefore = new Date(now.getTime() - this.options.inboxDays * DAY_MS);
    return {
      outbox: outbox
        ? await this.removeAll(
            outbox,
            sql`${outbox.sentAt} IS NOT NULL AND ${outbox.sentAt} < ${outboxBefore.toISOString()}::timestamptz`,
            outbox.id,
          )
        : 0,
      inbox: inbox ? await this.removeAll(inbox, sql`${inbox.receivedAt} < ${inboxBefore.toISOString()}::timestamptz`, inbox.messageId) : 0,
    };
  }

  private async removeAll(
    table: OutboxTable | InboxTable,
    expired: ReturnType<typeof sql>,
    key: OutboxTable['id'] | InboxTable['messageId'],
  ): Promise<number> {
    const batchSize = this.options.batchSize ?? 5_000;
    let removed = 0;
    for (;;) {
      const result = await this.db.execute(
        sql`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${expired} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`,
      );
      const count = result.rowCount ?? 0;
      removed += count;
      if (count < batchSize || this.halted) {
        return removed;
      }
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.prune()
        .then(
          (removed) => {
            if (removed.outbox + removed.inbox > 0) {
              this.options.logger.info({ removed }, 'old outbox and inbox rows removed');
            }
          },
          (error: unknown) => this.options.logger.warn({ err: error }, 'outbox and inbox retention pass failed; the next one tries again'),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
