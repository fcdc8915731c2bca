import { WorkerJobFailed, WorkerPool, WorkerPoolOptions } from './worker-pool';

/** A real worker thread that echoes, spins forever, or fills its heap, as told. */
const TEST_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (job) => {
  if (job === 'spin') { for (;;) {} }
  if (job === 'eat') { const kept = []; for (;;) { kept.push(new Array(10000).fill(Math.random())); } }
  if (job === 'exit') { process.exit(3); }
  parentPort.postMessage({ echo: job });
});
parentPort.postMessage('ready');
`;

function pool(options: Partial<WorkerPoolOptions> = {}): WorkerPool {
  return new WorkerPool({
    entry: { filename: TEST_WORKER, options: { eval: true } },
    size: 1,
    queueLimit: 4,
    timeoutMs: 2_000,
    memoryMb: 64,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'answered';
  } catch (error) {
    return error instanceof WorkerJobFailed ? error.reason : String(error);
  }
}

describe('WorkerPool (real worker threads)', () => {
  let subject: WorkerPool | undefined;
  afterEach(async () => subject?.close());

  it('answers jobs in order through its workers', async () => {
    const twoWorkers = pool({ size: 2 });
    subject = twoWorkers;
    expect(await Promise.all([1, 2, 3].map((n) => twoWorkers.run(n)))).toEqual([{ echo: 1 }, { echo: 2 }, { echo: 3 }]);
  });

  it('terminates a job past its deadline, and the replacement worker takes the next job', async () => {
    subject = pool({ timeoutMs: 300 });
    const started = Date.now();
    expect(await failure(subject.run('spin'))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await subject.run('after')).toEqual({ echo: 'after' });
  });

  it('fails a job that exhausts the heap cap as `memory`, not the process', async () => {
    subject = pool({ timeoutMs: 30_000 });
    expect(await failure(subject.run('eat'))).toBe('memory');
    expect(await subject.run('after')).toEqual({ echo: 'after' });
  });

  it('fails a job whose worker exits as `crashed`, and goes on', async () => {
    subject = pool();
    expect(await failure(subject.run('exit'))).toBe('crashed');
    expect(await subject.run('after')).toEqual({ echo: 'after' });
  });

  it('queues up to its limit while every worker is busy, and refuses the next at once (`busy`)', async () => {
    subject = pool({ queueLimit: 2, timeoutMs: 500 });
    await subject.run('started');
    const running = failure(subject.run('spin'));
    const queued = [subject.run('a'), subject.run('b')];
    const refusedAt = Date.now();
    expect(await failure(subject.run('c'))).toBe('busy');
    expect(Date.now() - refusedAt).toBeLessThan(100);
    expect(await running).toBe('timeout');
    expect(await Promise.all(queued)).toEqual([{ echo: 'a' }, { echo: 'b' }]);
  });

  it('refuses work once closed, and fails what was waiting', async () => {
    subject = pool({ timeoutMs: 5_000 });
    await subject.run('started');
    const running = failure(subject.run('spin'));
    const waiting = failure(subject.run('a'));
    await subject.close();
    expect(await running).toBe('closed');
    expect(await waiting).toBe('closed');
    expect(await failure(subject.run('b'))).toBe('closed');
  });
});
