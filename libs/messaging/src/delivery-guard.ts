import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { MigrationSet } from '@app/db';
import { Batcher } from './event-batcher';

/** The messaging library's own table (in-flight deliveries), beside each service's schema in its database. */
export const messagingMigrations: MigrationSet = { schema: 'inkan_messaging', folder: 'libs/messaging/migrations' };

/** How often a process marks its in-flight deliveries as still being worked on. */
const TOUCH_INTERVAL_MS = 1_000;
/** A delivery not marked for this long belongs to a process that is gone. */
const STALE_AFTER_SECONDS = 4;

const latestGuards = new Map<string, DeliveryGuard>();

export type DeliveryVerdict =
  /** Handle it. */
  | { kind: 'handle' }
  /** Another live process is still handling it (the broker redelivered it after a connection loss): try again later. */
  | { kind: 'later' }
  /** Its previous delivery died with the process handling it: do not run it again. */
  | { kind: 'park'; reason: string };

/**
 * Keeps a message that crashed a process from crashing the next one. Before
 * a message is handled, its ID is recorded as in flight (with this process's
 * instance ID) in PostgreSQL, and the record goes once the handler is done.
 * A redelivered message whose record belongs to a process that stopped
 * touching it (it died while handling it) is parked after that first crash,
 * instead of being redelivered into a crash loop until the broker's delivery
 * limit — unless the service's inbox shows its work was committed before the
 * process died, in which case the handler sees it as the duplicate it is.
 *
 * The writes are batched (one statement per burst of deliveries), and the
 * record is written before the handler runs: a process can die at any point
 * of the handling, synchronously blocked included.
 */
export class DeliveryGuard {
  readonly instance = randomUUID();
  private readonly inFlight = new Set<string>();
  private readonly recorder: Batcher<{ messageId: string; pattern: string }>;
  private readonly forgetter: Batcher<string>;
  private readonly toucher: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly service: string,
    private readonly logger: Logger,
    /** Whether the service's inbox already holds a message (its work committed). */
    private readonly handledBefore: (messageId: string) => Promise<boolean> = () => Promise.resolve(false),
  ) {
    this.recorder = new Batcher({
      maxSize: 500,
      maxInFlight: 4,
      handle: async (batch) => {
        await this.pool.query(
          `INSERT INTO inkan_messaging.inflight (service, message_id, pattern, instance)
           SELECT $1, message_id, pattern, $2 FROM unnest($3::text[], $4::text[]) AS t(message_id, pattern)
           ON CONFLICT (service, message_id) DO UPDATE
             SET instance = excluded.instance, pattern = excluded.pattern, started_at = now(), touched_at = now()`,
          [this.service, this.instance, batch.map((item) => item.messageId), batch.map((item) => item.pattern)],
        );
      },
    });
    this.forgetter = new Batcher({
      maxSize: 1_000,
      maxInFlight: 2,
      handle: async (batch) => {
        await this.pool.query(
          `DELETE FROM inkan_messaging.inflight WHERE service = $1 AND instance = $2 AND message_id = ANY($3::text[])`,
          [this.service, this.instance, batch],
        );
      },
    });
    this.toucher = setInterval(() => this.touch(), TOUCH_INTERVAL_MS);
    this.toucher.unref();
    latestGuards.set(service, this);
  }

  /**
   * The guard the service's module made last in this process, for the RMQ
   * strategy made beside it (see startService); none for a module without
   * ServiceCoreModule. Looking it up in the Nest app instead would end the
   * process when it is absent (Nest's abortOnError).
   */
  static of(service: string): DeliveryGuard | undefined {
    return latestGuards.get(service);
  }

  /** Decides what to do with a delivery and, when it is to be handled, records it as in flight. */
  async begin(messageId: string, pattern: string, redelivered: boolean): Promise<DeliveryVerdict> {
    if (redelivered && !this.inFlight.has(messageId)) {
      const verdict = await this.judgeRedelivery(messageId);
      if (verdict.kind !== 'handle') {
        return verdict;
      }
    }
    await this.recorder.add({ messageId, pattern });
    this.inFlight.add(messageId);
    return { kind: 'handle' };
  }

  /** The handler is done (whatever its outcome): the record goes. */
  end(messageId: string): void {
    if (!this.inFlight.delete(messageId)) {
      return;
    }
    this.forgetter.add(messageId).catch((error: unknown) => this.logger.warn({ err: error }, 'in-flight record could not be removed'));
  }

  stop(): void {
    clearInterval(this.toucher);
    if (latestGuards.get(this.service) === this) {
      latestGuards.delete(this.service);
    }
  }

  private async judgeRedelivery(messageId: string): Promise<DeliveryVerdict> {
    // A process that died a moment ago still looks alive for a few seconds: wait that long here rather than
    // requeue (each requeue counts toward the broker's delivery limit).
    const waitUntil = Date.now() + (STALE_AFTER_SECONDS + 1) * 1_000;
    for (;;) {
      const previous = await this.previousDelivery(messageId);
      if (!previous || previous.instance === this.instance) {
        // Never recorded, finished since, or this very process had it when its connection dropped.
        return { kind: 'handle' };
      }
      if (await this.handledBefore(messageId)) {
        // Its work committed before the process went: the handler sees it as a duplicate.
        return { kind: 'handle' };
      }
      if (previous.stale) {
        return {
          kind: 'park',
          reason: `the process handling it (instance ${previous.instance}, since ${previous.started_at.toISOString()}) ended before it finished`,
        };
      }
      if (Date.now() >= waitUntil) {
        return { kind: 'later' };
      }
      await sleep(500);
    }
  }

  private async previousDelivery(messageId: string) {
    const { rows } = await this.pool.query<{ instance: string; started_at: Date; stale: boolean }>(
      `SELECT instance, started_at, touched_at < now() - make_interval(secs => $3) AS stale
         FROM inkan_messaging.inflight WHERE service = $1 AND message_id = $2`,
      [this.service, messageId, STALE_AFTER_SECONDS],
    );
    return rows[0];
  }

  /** Marks this process's in-flight deliveries as alive; a process that died stops doing so. */
  private touch(): void {
    if (this.inFlight.size === 0) {
      return;
    }
    this.pool
      .query(`UPDATE inkan_messaging.inflight SET touched_at = now() WHERE service = $1 AND instance = $2`, [this.service, this.instance])
      .catch((error: unknown) => this.logger.warn({ err: error }, 'in-flight records could not be touched'));
  }
}
