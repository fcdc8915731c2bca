import { MemoryBudget, memoryShareOf } from './memory-budget';

/** Lets every settled promise's continuation run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Asks for a share and records when it is granted. */
function ask(budget: MemoryBudget, bytes: number, granted: string[], name: string): Promise<() => void> {
  return budget.acquire(bytes).then((release) => {
    granted.push(name);
    return release;
  });
}

describe('MemoryBudget', () => {
  it('lets documents in while their shares fit, and the next one when a share is given back', async () => {
    const budget = new MemoryBudget(100);
    const granted: string[] = [];
    const a = ask(budget, 40, granted, 'a');
    const b = ask(budget, 50, granted, 'b');
    const c = ask(budget, 30, granted, 'c');
    await settle();
    expect(granted).toEqual(['a', 'b']);
    expect(budget.usedBytes).toBe(90);

    (await a)();
    await settle();
    expect(granted).toEqual(['a', 'b', 'c']);
    expect(budget.usedBytes).toBe(80);
    (await b)();
    (await c)();
    expect(budget.usedBytes).toBe(0);
    expect(budget.peak).toEqual({ bytes: 90, documents: 2 });
  });

  it('serves in the order asked: a large share at the head is not overtaken by small ones behind it', async () => {
    const budget = new MemoryBudget(100);
    const granted: string[] = [];
    const first = ask(budget, 60, granted, 'first');
    const large = ask(budget, 80, granted, 'large');
    const small = ask(budget, 10, granted, 'small');
    await settle();
    // 'small' would fit beside 'first', but 'large' asked before it.
    expect(granted).toEqual(['first']);
    expect(budget.wouldWait(1)).toBe(true);

    (await first)();
    await settle();
    expect(granted).toEqual(['first', 'large', 'small']);
    (await large)();
    (await small)();
    expect(budget.peak).toEqual({ bytes: 90, documents: 2 });
  });

  it('lets one document bigger than the whole budget in alone, so that it can still be signed', async () => {
    const budget = new MemoryBudget(100);
    const granted: string[] = [];
    const small = ask(budget, 10, granted, 'small');
    const huge = ask(budget, 500, granted, 'huge');
    const after = ask(budget, 10, granted, 'after');
    await settle();
    expect(granted).toEqual(['small']);

    (await small)();
    await settle();
    expect(granted).toEqual(['small', 'huge']);
    expect(budget.usedBytes).toBe(500);

    (await huge)();
    await settle();
    expect(granted).toEqual(['small', 'huge', 'after']);
    (await after)();
    expect(budget.peak).toEqual({ bytes: 500, documents: 1 });
    expect(budget.usedBytes).toBe(0);
  });

  it('gives a share back once, however often its release is called', async () => {
    const budget = new MemoryBudget(100);
    const release = await budget.acquire(70);
    release();
    release();
    expect(budget.usedBytes).toBe(0);
    const granted: string[] = [];
    const a = ask(budget, 70, granted, 'a');
    const b = ask(budget, 70, granted, 'b');
    await settle();
    // A second release of the first share must not have made room for both.
    expect(granted).toEqual(['a']);
    (await a)();
    await settle();
    expect(granted).toEqual(['a', 'b']);
    (await b)();
  });

  it('refuses a budget or a share that is not a number of bytes', async () => {
    expect(() => new MemoryBudget(0)).toThrow('a memory budget must be a positive number of bytes, not 0');
    expect(() => new MemoryBudget(Number.NaN)).toThrow('a memory budget must be a positive number of bytes');
    const budget = new MemoryBudget(100);
    await expect(budget.acquire(-1)).rejects.toThrow('a memory share must be a number of bytes, not -1');
    await expect(budget.acquire(1.5)).rejects.toThrow('a memory share must be a number of bytes, not 1.5');
    expect(budget.usedBytes).toBe(0);
  });

  it('counts a document four times its PDF, plus the signature’s own working memory', () => {
    expect(memoryShareOf(0)).toBe(256 * 1024);
    expect(memoryShareOf(50 * 1024 * 1024)).toBe(200 * 1024 * 1024 + 256 * 1024);
  });
});
