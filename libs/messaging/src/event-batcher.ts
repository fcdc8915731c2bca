import { AppError } from '@app/contracts';
import { currentContext, MessageContext, runInContext } from './message-context';

/** One event of a batch, with the message context it arrived in (its message ID for the inbox). */
export interface BatchedEvent<T> {
  event: T;
  context: MessageContext & { messageId: string; pattern: string };
}

export interface EventBatcherOptions<T> {
  /** At most this many events in one batch. */
  maxSize: number;
  /** At most this many batches at once; more events wait and form the next batch. */
  maxInFlight: number;
  /** Handles the events of one batch together (usually in one transaction), or throws. */
  handle: (batch: BatchedEvent<T>[]) => Promise<void>;
}

/**
 * Gathers the events a consumer has in hand (its prefetch window) into
 * batches, so that a burst of small events — a bulk-sign session's documents
 * — costs a few statements per batch instead of per event. Each event's
 * handler call resolves when its batch has committed, so it is acknowledged
 * only then. A batch that fails is handled again one event at a time, each
 * in its own message context: one bad event fails only itself and goes back
 * to the queue, as it would without batching.
 */
export class EventBatcher<T> {
  private pending: { entry: BatchedEvent<T>; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly options: EventBatcherOptions<T>) {}

  /** Called by the event handler; resolves once the event is handled (or rejects as the handler would). */
  add(event: T): Promise<void> {
    const context = currentContext();
    if (!context?.messageId || !context.pattern) {
      // Not retryable: without an ID the message can never be deduplicated.
      return Promise.reject(AppError.of('VALIDATION_FAILED', [{ path: 'messageId', message: 'events must carry a message ID' }]));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({
        entry: { event, context: { ...context, messageId: context.messageId!, pattern: context.pattern! } },
        resolve,
        reject,
      });
      if (this.pending.length >= this.options.maxSize) {
        this.flush();
      } else if (!this.scheduled) {
        // The rest of what the broker delivered together arrives before this runs.
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.pending.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.pending.splice(0, this.options.maxSize);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.flush();
      });
    }
  }

  private async run(batch: typeof this.pending): Promise<void> {
    try {
      await runInContext(batch[0].entry.context, () => this.options.handle(batch.map((waiting) => waiting.entry)));
      batch.forEach((waiting) => waiting.resolve());
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error); // already alone: the error is its own
        return;
      }
      await Promise.all(batch.map((waiting) => this.runAlone(waiting)));
    }
  }

  private async runAlone(waiting: (typeof this.pending)[number]): Promise<void> {
    try {
      await runInContext(waiting.entry.context, () => this.options.handle([waiting.entry]));
      waiting.resolve();
    } catch (error) {
      waiting.reject(error);
    }
  }
}
