import { Worker, WorkerOptions } from 'node:worker_threads';

/** How to start one worker thread: from the built .js, or from TypeScript source under jest / @swc-node/register. */
export interface WorkerEntry {
  readonly filename: string;
  readonly options?: WorkerOptions;
}

export interface WorkerPoolOptions {
  readonly entry: WorkerEntry;
  /** Worker threads, each running one job at a time. */
  readonly size: number;
  /** Jobs that may wait for a worker; one more is refused (`busy`). */
  readonly queueLimit: number;
  /** Wall-clock time a job may run unless it is given its own; its worker is then terminated and replaced. */
  readonly timeoutMs: number;
  /** V8 heap cap of each worker (old generation), in MiB. */
  readonly memoryMb: number;
}

/** Why a job got no answer from its worker. */
export type WorkerFailure = 'busy' | 'timeout' | 'memory' | 'crashed' | 'closed';

export class WorkerJobFailed extends Error {
  constructor(
    readonly reason: WorkerFailure,
    detail = '',
  ) {
    super(`worker job failed: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'WorkerJobFailed';
  }
}

interface Job {
  readonly message: unknown;
  readonly timeoutMs: number;
  readonly transfer: readonly ArrayBuffer[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Takes jobs (false from its start until it says so, and once its deadline has passed). */
  ready: boolean;
  /** Said it was ready once. */
  started?: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/**
 * A fixed set of worker threads with a bounded queue in front: work that
 * must not run on the caller's event loop (parsing untrusted files) runs
 * here, one job per worker, each under a heap cap and a deadline. A worker
 * that overruns either is terminated and replaced, and only its job fails;
 * a full queue refuses at once instead of spawning more workers.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    for (let index = 0; index < options.size; index += 1) {
      this.slots.push(this.spawn());
    }
  }

  /** Jobs waiting for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Runs one job; `timeoutMs` (default: the pool's) counts from when a worker takes it. */
  run(message: unknown, transfer: readonly ArrayBuffer[] = [], timeoutMs = this.options.timeoutMs): Promise<unknown> {
    if (this.closed) {
      return Promise.reject(new WorkerJobFailed('closed'));
    }
    if (this.queue.length >= this.options.queueLimit && !this.slots.some((slot) => slot.ready && !slot.job)) {
      return Promise.reject(new WorkerJobFailed('busy'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ message, timeoutMs, transfer, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.reject(new WorkerJobFailed('closed'));
    }
    await Promise.all(
      this.slots.map(async (slot) => {
        this.finish(slot)?.reject(new WorkerJobFailed('closed'));
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const { entry, memoryMb } = this.options;
    const worker = new Worker(entry.filename, {
      ...entry.options,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(8, Math.min(64, memoryMb / 8)) },
    });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (message: unknown) => {
      if (!slot.ready && message === 'ready') {
        slot.ready = true;
        slot.started = true;
      } else {
        this.finish(slot)?.resolve(message);
      }
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const reason: WorkerFailure = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed';
      this.finish(slot)?.reject(new WorkerJobFailed(reason, error.message));
    });
    worker.on('exit', () => this.replace(slot, 'crashed'));
    return slot;
  }

  private replace(slot: Slot, reason: WorkerFailure): void {
    this.finish(slot)?.reject(new WorkerJobFailed(reason));
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closed) {
      return;
    }
    if (slot.ready || slot.started) {
      this.slots[index] = this.spawn();
      return;
    }
    // A worker that died before it was ready (a broken build, no memory) is retried once a second, not in a hot loop.
    const retry = setTimeout(() => {
      if (!this.closed && this.slots[index] === slot) {
        this.slots[index] = this.spawn();
        this.dispatch();
      }
    }, 1_000);
    retry.unref();
  }

  /** The slot's job, its deadline cleared; the slot is free. */
  private finish(slot: Slot): Job | undefined {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    slot.timer = undefined;
    return job;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) {
        return;
      }
      if (!slot.ready || slot.job) {
        continue;
      }
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.timer = setTimeout(() => {
        const overdue = this.finish(slot);
        slot.ready = false;
        overdue?.reject(new WorkerJobFailed('timeout', `${job.timeoutMs} ms`));
        // The exit handler replaces it; until then the slot takes no job.
        void slot.worker.terminate();
      }, job.timeoutMs);
      slot.worker.postMessage(job.message, [...job.transfer]);
    }
  }
}
