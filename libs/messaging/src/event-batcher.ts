import { AppError } from '@app/contracts';
import { currentContext, MessageContext, runInContext } from './message-context';

/** What a batch's handler returns: nothing, or one result per item, in the items' order. */
export type BatchResults<R> = [R] extends [void] ? void : R[];

export interface BatcherOptions<T, R = void> {
  /** At most this many items in one batch. */
  maxSize: number;
  /** At most this many batches at once; more items wait and form the next batch. */
  maxInFlight: number;
  /**
   * How long a batch that is not full waits for more items before it runs.
   * Without it (0), a batch takes what the callers have in hand in the same
   * turn of the event loop: right for consumers that receive a burst at once,
   * but a producer that finishes one item at a time would make batches of one.
   */
  lingerMs?: number;
  /** Handles the items of one batch together (usually in one transaction), or throws. */
  handle: (batch: T[]) => Promise<BatchResults<R>>;
}

/**
 * Gathers the items that concurrent callers have in hand into batches, so
 * that a burst of small units of work — a bulk-sign session's documents —
 * costs a few statements per batch instead of per item. Each caller's `add`
 * resolves when its batch has been handled (committed), with its own item's
 * result when the handler returns results. A batch that fails
 * is handled again one item at a time: one bad item fails only its own
 * caller, as it would without batching.
 */
export class Batcher<T, R = void> {
  private pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly options: BatcherOptions<T, R>) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxSize) {
        this.flush();
      } else if (!this.scheduled) {
        // What the other callers have in hand in this turn (or within lingerMs) joins the batch before it runs.
        this.scheduled = true;
        const run = () => {
          this.scheduled = false;
          this.flush();
        };
        if (this.options.lingerMs) {
          setTimeout(run, this.options.lingerMs);
        } else {
          setImmediate(run);
        }
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
      const results = await this.handle(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => waiting.resolve(results[index]));
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
      const [result] = await this.handle([waiting.item]);
      waiting.resolve(result);
    } catch (error) {
      waiting.reject(error);
    }
  }

  /** The handler's results, one per item (undefined ones when it returns none). */
  private async handle(items: T[]): Promise<R[]> {
    const results = (await this.options.handle(items)) as R[] | undefined;
    if (results && results.length !== items.length) {
      throw new Error(`a batch handler returned ${results.length} results for ${items.length} items`);
    }
    return results ?? (items.map(() => undefined) as R[]);
  }
}

/** One event of a batch, with the message context it arrived in (its message ID for the inbox). */
export interface BatchedEvent<T> {
  event: T;
  context: MessageContext & { messageId: string; pattern: string };
}

/**
 * A Batcher for an event handler: gathers the events a consumer has in hand
 * (its prefetch window), each with its message context, so it is
 * acknowledged only once its batch has committed. A batch runs in the
 * context of its first event; an event handled alone, in its own.
 */
export class EventBatcher<T> {
  private readonly batcher: Batcher<BatchedEvent<T>>;

  constructor(options: BatcherOptions<BatchedEvent<T>>) {
    this.batcher = new Batcher({ ...options, handle: (batch) => runInContext(batch[0].context, () => options.handle(batch)) });
  }

  /** Called by the event handler; resolves once the event is handled (or rejects as the handler would). */
  add(event: T): Promise<void> {
    const context = currentContext();
    const { messageId, pattern } = context ?? {};
    if (!context || !messageId || !pattern) {
      // Not retryable: without an ID the message can never be deduplicated.
      return Promise.reject(AppError.of('VALIDATION_FAILED', [{ path: 'messageId', message: 'events must carry a message ID' }]));
    }
    return this.batcher.add({ event, context: { ...context, messageId, pattern } });
  }
}
