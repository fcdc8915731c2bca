/**
 * At most `size` pieces of work at once, and a way to wait until none is
 * left. Notification runs its attempt batches through it: each holds a
 * database connection and its rows' locks while the SMTP server answers, and
 * shutdown waits for them before closing the SMTP pool.
 */
export class SendSlots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next(); // the slot passes straight to the next waiter
      } else {
        this.active -= 1;
        if (this.active === 0) {
          this.idleWaiters.splice(0).forEach((resolve) => resolve());
        }
      }
    }
  }

  /** Resolves once no work is running or waiting. */
  whenIdle(): Promise<void> {
    return this.active === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
