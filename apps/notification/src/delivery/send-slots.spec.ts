import { SendSlots } from './send-slots';

describe('SendSlots', () => {
  it('runs at most `size` pieces of work at once, and all of them in the end', async () => {
    const slots = new SendSlots(2);
    let running = 0;
    let most = 0;
    const work = (value: number) =>
      slots.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return value;
      });
    expect(await Promise.all([1, 2, 3, 4, 5].map(work))).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('frees the slot of work that failed', async () => {
    const slots = new SendSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('says when the last piece of work has finished', async () => {
    const slots = new SendSlots(1);
    await slots.whenIdle(); // nothing running: at once
    const finished: string[] = [];
    const pause = () => new Promise((resolve) => setTimeout(resolve, 10));
    void slots.run(async () => {
      await pause();
      finished.push('first');
    });
    void slots.run(async () => {
      await pause();
      finished.push('second');
    });
    await slots.whenIdle();
    expect(finished).toEqual(['first', 'second']);
  });
});
