import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BlobStore, StagedFiles } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { ActorContext, AppError, pingPatternOf, Patterns, ServiceName, Services } from '@app/contracts';
import { DatabaseHandle, openDatabase } from '@app/db';
import { ServiceClient } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, RunningPlatform, startPlatform, testConfig } from '@app/testing';
import { flateBomb, hostileCorpus, onePage } from '@apps/signing/test/hostile-pdfs';
import { samplePdf } from '@apps/signing/test/signing-fixtures';

const actor = (): ActorContext => ({
  kind: 'user',
  userId: 'U000001',
  companyId: 'C000001',
  roles: ['registrant'],
  requestId: randomUUID(),
});

/** Each hostile file's answer must come within this, measured at the caller (the issue's bound). */
const ANSWER_WITHIN_MS = 2_000;
/** Every other service answers `ping` within this while the corpus is processed. */
const PING_WITHIN_MS = 100;
/** "A few tens of milliseconds": what the signing service's event loop may be held. */
const LOOP_DELAY_WITHIN_MS = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The hostile-PDF corpus through the real signing service (in this process,
 * with the rest of the platform, on the real PostgreSQL and RabbitMQ): each
 * file gets its documented answer in time, while the other services keep
 * answering `ping` and this process's event loop (the signing service's)
 * is never held; no worker crash takes anything else down.
 */
describe('hostile PDFs: refused in time, nothing else stalls', () => {
  let config: AppConfig;
  let platform: RunningPlatform;
  let rpc: ServiceClient;
  let database: DatabaseHandle;
  let staged: StagedFiles;

  beforeAll(async () => {
    config = testConfig({ PDF_SANDBOX_WORKERS: '2', PDF_SANDBOX_QUEUE: '2' });
    await createTestDatabase(config);
    platform = await startPlatform(() => config, { webRoot: '/nonexistent' });
    database = openDatabase(config.DATABASE_URL, { poolSize: 2 });
    staged = new StagedFiles(database.db);
    rpc = new ServiceClient({
      url: config.AMQP_URL,
      prefix: config.AMQP_PREFIX,
      deliveryLimit: config.AMQP_DELIVERY_LIMIT,
      timeoutMs: 30_000,
      reconnectSeconds: 1,
    });
  }, 120_000);

  afterAll(async () => {
    await rpc?.close();
    await platform?.close();
    await database?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  async function prepare(pdf: Buffer): Promise<string> {
    try {
      const upload = await staged.stage(pdf);
      await rpc.send(Patterns.signing.prepareDocument, { upload }, { actor: actor() });
      return 'accepted';
    } catch (error) {
      return error instanceof AppError ? error.reply.code : `not an AppError: ${String(error)}`;
    }
  }

  /** Pings the services other than signing every 20 ms until stopped; returns every round trip. */
  function pingWhile(): { stop: () => Promise<{ service: ServiceName; ms: number }[]> } {
    const others = Object.values(Services).filter((service) => service !== Services.signing);
    const times: { service: ServiceName; ms: number }[] = [];
    let running = true;
    const loops = others.map(async (service) => {
      while (running) {
        const started = performance.now();
        await rpc.send(pingPatternOf[service], {}, { actor: actor() });
        times.push({ service, ms: performance.now() - started });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    return {
      stop: async () => {
        running = false;
        await Promise.all(loops);
        return times;
      },
    };
  }

  /** The same measurement for two seconds with no PDF: what the machine's load alone costs. */
  async function idleBaseline(): Promise<{ maxLagMs: number; slowestPing: number }> {
    const lag = monitorEventLoopDelay({ resolution: 10 });
    const pings = pingWhile();
    lag.enable();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    lag.disable();
    const times = await pings.stop();
    return { maxLagMs: lag.max / 1e6, slowestPing: Math.max(...times.map((ping) => ping.ms)) };
  }

  it('gives every file its documented answer within 2 s, while pings stay under 100 ms and the event loop is never held', async () => {
    const corpus = await hostileCorpus();
    // Warm: the workers are up and the RPC path is open before the clock runs.
    expect(await prepare(await samplePdf(1))).toBe('accepted');
    const baseline = await idleBaseline();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    const pings = pingWhile();
    lag.enable();
    const answers: { name: string; code: string; ms: number }[] = [];
    for (const entry of corpus) {
      const started = performance.now();
      const code = await prepare(entry.pdf);
      answers.push({ name: entry.name, code, ms: Math.round(performance.now() - started) });
    }
    lag.disable();
    const pingTimes = await pings.stop();
    const maxLagMs = lag.max / 1e6;
    const slowestPing = Math.max(...pingTimes.map((ping) => ping.ms));
    process.stdout.write(
      `hostile corpus: ${answers.map((a) => `${a.name} → ${a.code} ${a.ms} ms`).join('; ')}\n` +
        `event-loop delay max ${maxLagMs.toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms; ` +
        `${pingTimes.length} pings, p95 ${percentile(
          pingTimes.map((ping) => ping.ms),
          95,
        ).toFixed(1)} ms, slowest ${slowestPing.toFixed(1)} ms; ` +
        `with no PDF (baseline): event-loop delay max ${baseline.maxLagMs.toFixed(1)} ms, slowest ping ${baseline.slowestPing.toFixed(1)} ms\n`,
    );
    expect(answers.map((a) => [a.name, a.code])).toEqual(corpus.map((entry) => [entry.name, entry.code]));
    expect(answers.filter((a) => a.ms >= ANSWER_WITHIN_MS)).toEqual([]);
    expect(pingTimes.length).toBeGreaterThan(3 * 3);
    // This machine alone (2 cores shared with other test runs) sometimes delays a ping or a timer past the bounds with no
    // PDF at all: the bounds hold for 95 % of pings and 99 % of the loop's samples, and the single worst may not exceed
    // what the idle baseline showed. A parse on the loop (the 44 s bomb) would break every one of these by far.
    expect(
      percentile(
        pingTimes.map((ping) => ping.ms),
        95,
      ),
    ).toBeLessThan(PING_WITHIN_MS);
    expect(slowestPing).toBeLessThan(Math.max(PING_WITHIN_MS, 2 * baseline.slowestPing));
    expect(lag.percentile(99) / 1e6).toBeLessThan(LOOP_DELAY_WITHIN_MS);
    expect(maxLagMs).toBeLessThan(Math.max(2 * LOOP_DELAY_WITHIN_MS, 2 * baseline.maxLagMs));
  });

  it('validates an untrusted file off the event loop too: a bomb stored and sent for validation gets a report, not a stall', async () => {
    const blobs = new BlobStore(database.db, config.BLOB_MAX_BYTES);
    const bomb = onePage({ extra: [{ dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data: flateBomb(1024) }] });
    const { sha256 } = await blobs.put(bomb);
    const started = performance.now();
    const report = await rpc.send(Patterns.signing.validateDocument, { sha256 }, { actor: actor() });
    expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(report).toMatchObject({ signatureCount: 0, allValid: false });
  });

  it('several bombs at once: two are read, two wait, the next is told to retry (PDF_SANDBOX_BUSY); the service goes on', async () => {
    const bomb = onePage({
      page: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
      extra: [{ dict: '/Filter /FlateDecode', data: flateBomb(1024) }],
    });
    const codes = await Promise.all(Array.from({ length: 8 }, () => prepare(bomb)));
    expect(codes.filter((code) => code === 'PDF_TOO_COMPLEX').length).toBeGreaterThanOrEqual(4);
    expect(codes.filter((code) => code !== 'PDF_TOO_COMPLEX')).toEqual(codes.filter((code) => code === 'PDF_SANDBOX_BUSY'));
    expect(codes).toContain('PDF_SANDBOX_BUSY');
    expect(await prepare(await samplePdf(1))).toBe('accepted');
  });
});
