import { systemActor } from '@app/contracts';
import { BatchedEvent, Batcher, EventBatcher } from './event-batcher';
import { runInContext } from './message-context';

/** Delivers `events` as the broker would: each in its own message context, all in the same turn. */
function deliver(batcher: EventBatcher<string>, events: string[]) {
  return events.map((event) =>
    runInContext({ actor: systemActor('test'), pattern: 'test.event', messageId: `m-${event}` }, () =>
      batcher.add(event).then(
        () => 'ok',
        (error: unknown) => `refused: ${(error as Error).message}`,
      ),
    ),
  );
}

describe('EventBatcher', () => {
  it('handles the events delivered together as one batch, each with its own message ID', async () => {
    const batches: BatchedEvent<string>[][] = [];
    const batcher = new EventBatcher<string>({ maxSize: 10, maxInFlight: 1, handle: async (batch) => void batches.push(batch) });
    expect(await Promise.all(deliver(batcher, ['a', 'b', 'c']))).toEqual(['ok', 'ok', 'ok']);
    expect(batches.map((batch) => batch.map((entry) => entry.event))).toEqual([['a', 'b', 'c']]);
    expect(batches[0].map((entry) => entry.context.messageId)).toEqual(['m-a', 'm-b', 'm-c']);
  });

  it('never makes a batch larger than maxSize, and keeps at most maxInFlight batches running', async () => {
    const sizes: number[] = [];
    let running = 0;
    let most = 0;
    const batcher = new EventBatcher<string>({
      maxSize: 4,
      maxInFlight: 2,
      handle: async (batch) => {
        running += 1;
        most = Math.max(most, running);
        sizes.push(batch.length);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
      },
    });
    const events = Array.from({ length: 18 }, (_, index) => String(index));
    expect(await Promise.all(deliver(batcher, events))).toEqual(events.map(() => 'ok'));
    expect(Math.max(...sizes)).toBe(4);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(18);
    expect(most).toBe(2);
  });

  it('handles a failed batch again one event at a time: only the bad event is refused, in its own context', async () => {
    const alone: string[] = [];
    const batcher = new EventBatcher<string>({
      maxSize: 10,
      maxInFlight: 1,
      handle: async (batch) => {
        if (batch.some((entry) => entry.event === 'bad')) {
          if (batch.length === 1) {
            throw new Error(`cannot handle ${batch[0].context.messageId}`);
          }
          throw new Error('batch failed');
        }
        if (batch.length === 1) {
          alone.push(batch[0].event);
        }
      },
    });
    expect(await Promise.all(deliver(batcher, ['a', 'bad', 'c']))).toEqual(['ok', 'refused: cannot handle m-bad', 'ok']);
    expect(alone.sort()).toEqual(['a', 'c']);
  });

  it('refuses an event without a message ID (it could never be deduplicated)', async () => {
    const batcher = new EventBatcher<string>({ maxSize: 10, maxInFlight: 1, handle: async () => undefined });
    await expect(runInContext({ actor: systemActor('test') }, () => batcher.add('x'))).rejects.toMatchObject({
      reply: { code: 'VALIDATION_FAILED' },
    });
  });

  it('with lingerMs, gathers the items that arrive one after another within it into one batch', async () => {
    // The clock is the test's: 5 ms apart means 5 ms apart, however busy the machine is.
    jest.useFakeTimers();
    try {
      const handle = async (batch: number[]) => void batches.push(batch);
      const batches: number[][] = [];
      const lingering = new Batcher<number>({ maxSize: 10, maxInFlight: 1, lingerMs: 50, handle });
      const eager = new Batcher<number>({ maxSize: 10, maxInFlight: 1, handle });
      const arriveApart = async (batcher: Batcher<number>, first: number) => {
        const added: Promise<void>[] = [];
        for (let item = first; item < first + 3; item += 1) {
          added.push(batcher.add(item));
          await jest.advanceTimersByTimeAsync(5);
        }
        await jest.advanceTimersByTimeAsync(100);
        await Promise.all(added);
      };
      await arriveApart(lingering, 0);
      expect(batches).toEqual([[0, 1, 2]]);
      batches.length = 0;
      await arriveApart(eager, 10);
      expect(batches).toEqual([[10], [11], [12]]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("gives each caller its own item's result, also when a failed batch is handled again one at a time", async () => {
    const doubler = new Batcher<number, number>({ maxSize: 10, maxInFlight: 1, handle: async (batch) => batch.map((item) => item * 2) });
    expect(await Promise.all([1, 2, 3].map((item) => doubler.add(item)))).toEqual([2, 4, 6]);

    const picky = new Batcher<number, string>({
      maxSize: 10,
      maxInFlight: 1,
      handle: async (batch) => {
        if (batch.includes(13)) {
          throw new Error('unlucky');
        }
        return batch.map((item) => `ok ${item}`);
      },
    });
    const settled = await Promise.allSettled([12, 13, 14].map((item) => picky.add(item)));
    expect(settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([
      'ok 12',
      'unlucky',
      'ok 14',
    ]);
  });

  it('refuses results that do not match the items one to one', async () => {
    const none = new Batcher<number, number>({ maxSize: 10, maxInFlight: 1, handle: async () => [] });
    await expect(none.add(1)).rejects.toThrow('a batch handler returned 0 results for 1 items');
  });
});
