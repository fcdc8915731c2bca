import { ChildProcess, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { AppConfig, databaseUrlFor, loadConfig } from '@app/config';
import { BULK_SIGN_LIMIT } from '@app/contracts';
import { repoRoot } from '@app/db';
import { sampleContractPdf } from '@apps/signing/src/demo/sample-contract.pdf';
import { SigningEngine } from '@apps/signing/src/engine/signing-engine';
import { LongTermExtender } from '@apps/signing/src/long-term/long-term-extension';
import { KeyAlgorithm } from '@apps/signing/src/pki/key-algorithm';
import { OcspResponder } from '@apps/signing/src/pki/ocsp-responder';
import { PlatformCaService } from '@apps/signing/src/platform/platform-ca.service';
import { SIGNING_WORKER_NODE_OPTIONS } from '@apps/signing/src/worker-node-options';
import { copyWaitingContract, deleteRedisKeys, deleteTopology, dropTestDatabase, environmentOf, freePort } from '@app/testing';
import { findCast } from './demo/demo-cast';
import { MailDrop } from './demo/mail-drop';
import { migrateAll } from './migrate';
import { seedDemoData } from './seed';

/**
 * `npm run bench:bulk -- --documents N --workers W`: 一括署名（受取） end to
 * end on a platform of real processes (gateway, the four services and W
 * signing-worker processes, as `npm start` runs them) in a database, queue
 * and Redis prefix of its own, so the worker count is exactly W and nothing
 * else shares the queue.
 *
 * K contracts (`--distinct-pdfs`, see DEFAULT_DISTINCT_PDFS) go through the
 * real flow to 受領側受取待ち for the demo bulk user (佐藤 二郎), each signed
 * by the sender, so each a PDF of its own; copies of them, shuffled, make the
 * N documents (and the warm-up's) in the database. Then, as the
 * user would: 対象選択 in sessions of at most 200 (the signing passwords read
 * from the mails), 一括署名（受取） for every session, and the clock runs
 * until all N are 締結済 in the database. In the same run it measures the
 * raw crypto floor per document (SHA-256 of the PDF + one signature with the
 * same key type) and prints the ratio. The last line is one JSON object.
 *
 * `--annex-mb X` attaches X MiB of random bytes to the contract (drawings
 * make construction contracts large) and `--memory-mb M` sets the workers'
 * BULK_SIGN_MEMORY_MB: the report gives each run's largest signing-worker
 * memory (peak RSS) against what it used when the clock started.
 */

interface Options {
  documents: number;
  workers: number;
  concurrency: number | undefined;
  warmup: number;
  annexMb: number;
  memoryMb: number | undefined;
  /** Contracts taken through the real flow, each with its own signed PDF; the documents are copies of them, shuffled. */
  distinctPdfs: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const documents = Number(value('documents') ?? 200);
  const workers = Number(value('workers') ?? 1);
  const concurrency = value('concurrency') === undefined ? undefined : Number(value('concurrency'));
  const warmup = Number(value('warmup') ?? DEFAULT_WARMUP);
  const annexMb = Number(value('annex-mb') ?? 0);
  const memoryMb = value('memory-mb') === undefined ? undefined : Number(value('memory-mb'));
  const distinctPdfs = Number(value('distinct-pdfs') ?? (annexMb > 0 ? 1 : DEFAULT_DISTINCT_PDFS));
  if (
    !Number.isInteger(documents) ||
    documents < 1 ||
    !Number.isInteger(workers) ||
    workers < 1 ||
    workers > 16 ||
    !Number.isInteger(warmup) ||
    warmup < 0 ||
    !(annexMb >= 0 && annexMb <= 45) ||
    (memoryMb !== undefined && !Number.isInteger(memoryMb)) ||
    !Number.isInteger(distinctPdfs) ||
    distinctPdfs < 1 ||
    distinctPdfs > 256
  ) {
    throw new Error(
      'usage: npm run bench:bulk -- [--documents N (≥ 1)] [--workers W (1–16)] [--concurrency C] [--warmup M per worker (≥ 0)] [--annex-mb X (0–45)] [--memory-mb B] [--distinct-pdfs K (1–256)]',
    );
  }
  return { documents, workers, concurrency, warmup, annexMb, memoryMb, distinctPdfs };
}

/**
 * Documents signed before the clock starts, as on a platform that has run
 * before. A freshly started process runs its code unoptimised and compiles
 * it as it gets hot: a signing worker's optimising compiler still took
 * about 0.3 ms per document after 400 documents, and under 0.1 ms after
 * about 3,000 (`node --trace-opt`). `--warmup 0` measures a cold platform.
 * M is per signing worker: W workers share M × W documents, so each is as
 * warm as a single one (with M in all, two workers ran 15 % slower).
 */
const DEFAULT_WARMUP = 2_000;

/**
 * Distinct signed PDFs the documents are copies of, shuffled: as many as a
 * batch's documents and more, so that each document's PDF is read and signed
 * as its own, as on a real platform, where no two contracts share a PDF (one
 * PDF for all would be read once per batch from the content-addressed store).
 * With `--annex-mb` the default is 1, to keep large uploads few.
 */
const DEFAULT_DISTINCT_PDFS = 64;

/** The items in an order shuffled by a fixed seed (Fisher–Yates with a linear congruential generator). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0 || 1;
  for (let index = result.length - 1; index > 0; index -= 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const other = state % (index + 1);
    [result[index], result[other]] = [result[other], result[index]];
  }
  return result;
}

/** Contracts taken through the real flow at once while the bench sets up. */
const SENT_AT_ONCE = 8;

const ROOT = repoRoot();
const log = (line: string) => process.stdout.write(`bench:bulk: ${line}\n`);

class App {
  private readyResolve: (() => void) | undefined;
  readonly ready: Promise<void>;
  private tail: string[] = [];
  readonly child: ChildProcess;

  constructor(
    readonly name: string,
    entry: string,
    env: NodeJS.ProcessEnv,
    isReady: (msg: string) => boolean,
    nodeOptions: readonly string[] = [],
  ) {
    this.ready = new Promise((resolve) => (this.readyResolve = resolve));
    // BENCH_CPU_PROFILE=<app name prefix>[,<prefix>…] writes V8 CPU profiles of those apps to BENCH_CPU_PROFILE_DIR (default .inkan/profiles).
    const profile = (process.env.BENCH_CPU_PROFILE ?? '').split(',').some((prefix) => prefix !== '' && name.startsWith(prefix));
    const profiling = profile
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR ?? path.join(ROOT, '.inkan/profiles')}`]
      : [];
    // BENCH_NODE_ARGS='--trace-gc …' adds Node.js options to every app (a closer look at one run, not a measurement).
    const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeOptions, ...profiling, ...extra, '-r', '@swc-node/register', entry], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // BENCH_LOG_DIR=<dir> keeps every app's log lines there (<app>.log) for a closer look.
    const logDir = process.env.BENCH_LOG_DIR;
    if (logDir) {
      mkdirSync(logDir, { recursive: true });
    }
    const keep = logDir ? createWriteStream(path.join(logDir, `${name}.log`)) : undefined;
    for (const stream of [this.child.stdout, this.child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => {
        keep?.write(`${line}\n`);
        this.tail = [...this.tail.slice(-20), line];
        try {
          const record = JSON.parse(line) as { msg?: string; level?: number };
          if (record.msg && isReady(record.msg)) {
            this.readyResolve?.();
          }
        } catch {
          // not a log record
        }
      });
    }
    this.child.once('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`bench:bulk: ${name} exited (${code ?? signal}):\n${this.tail.join('\n')}\n`);
        process.exitCode = 1;
      }
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
      setTimeout(() => this.child.kill('SIGKILL'), 10_000).unref();
    });
  }
}

let stopping = false;

/** CPU seconds a process has used so far (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A process's resident memory now and at its highest so far, in MiB (VmRSS and VmHWM). */
function residentMb(pid: number | undefined): { now: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { now: Math.round(kib('VmRSS') / 1024), peak: Math.round(kib('VmHWM') / 1024) };
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine has used so far (all cores, busy time). */
function machineCpuSeconds(): number | undefined {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (ticks.reduce((sum, value) => sum + value, 0) - idle) / 100;
  } catch {
    return undefined;
  }
}

/** The shared servers the platform runs on, by the command name of their processes. */
const SERVERS: Record<string, string[]> = { postgresql: ['postgres'], rabbitmq: ['beam.smp'], redis: ['redis-server'] };

/** CPU seconds used so far by the processes of each shared server (all of their processes, whoever they served). */
function serverCpuSeconds(): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(Object.keys(SERVERS).map((name) => [name, 0]));
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const server = Object.keys(SERVERS).find((name) => SERVERS[name].some((prefix) => command.startsWith(prefix)));
      if (server) {
        const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
        // utime + stime, and the time of children that exited (PostgreSQL backends that closed).
        totals[server] += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return totals;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The raw floor of one document: SHA-256 over the PDF + one signature with the signer's key type, single-threaded. */
function cryptoFloor(pdf: Buffer, algorithm: string): number {
  const keys = algorithm.startsWith('ecdsa')
    ? generateKeyPairSync('ec', { namedCurve: algorithm === 'ecdsa-p384' ? 'P-384' : 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: Number(algorithm.split('-')[1] ?? 2048) });
  const once = () => sign('sha256', createHash('sha256').update(pdf).digest(), keys.privateKey);
  for (let i = 0; i < 20; i += 1) {
    once();
  }
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < 2_000) {
    once();
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}

/**
 * What a worker does per document, split in its two steps, on one core: the receiver's PAdES B-T signature and
 * the B-LTA step after it (DSS + document timestamp + the timestamp's own validation data; the CRL and OCSP
 * answers reused within a batch, as the worker does). Milliseconds per document, the median of five batches.
 */
async function signingSteps(pdf: Buffer, algorithm: string): Promise<{ bTMsPerDoc: number; bLtaMsPerDoc: number }> {
  const engine = await SigningEngine.createFresh('inkan bench', 'http://127.0.0.1/crl');
  const user = await engine.ca.issueUserCertificate({
    companyName: 'Bench Co',
    userName: 'bench signer',
    validityDays: 30,
    keyAlgorithm: algorithm as KeyAlgorithm,
  });
  const signer = engine.signerFor(engine.identity(user.privateKey, user.der));
  const responder = new OcspResponder([
    {
      certificate: Buffer.from(engine.ca.issuingCertificate.rawData),
      privateKey: engine.ca.issuingPrivateKey,
      status: () => Promise.resolve({ status: 'good' }),
    },
  ]);
  const platform = {
    engine,
    ocspResponseFor: (der: Buffer) => responder.responseFor(der),
    currentCrl: async () => (await engine.ca.createCrl([], 1)).der,
  } as unknown as PlatformCaService;
  const extender = new LongTermExtender(platform, { LONG_TERM_ALGORITHM_HORIZON: '2040-12-31' } as AppConfig);
  const signed = await signer.sign(pdf);
  const batches: { bT: number; bLta: number }[] = [];
  for (let batch = 0; batch < 6; batch += 1) {
    let started = performance.now();
    for (let i = 0; i < 20; i += 1) {
      await signer.sign(pdf);
    }
    const bT = (performance.now() - started) / 20;
    started = performance.now();
    for (let i = 0; i < 20; i += 1) {
      await extender.extend(signed);
    }
    // The first batch warms up.
    if (batch > 0) {
      batches.push({ bT, bLta: (performance.now() - started) / 20 });
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  return { bTMsPerDoc: median(batches.map((b) => b.bT)), bLtaMsPerDoc: median(batches.map((b) => b.bLta)) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const base = loadConfig(process.env);
  const database = new URL(base.DATABASE_URL);
  database.pathname = `/inkan_bench_${suffix}`;
  const mailDir = mkdtempSync(path.join(os.tmpdir(), 'inkan-bench-mail-'));
  const port = await freePort();
  const config = loadConfig({
    ...process.env,
    SMTP_URL: '',
    DATABASE_URL: database.toString(),
    AMQP_PREFIX: `bench${suffix.replace(/_/g, '-')}`.slice(0, 30),
    REDIS_PREFIX: `bench-${suffix}`,
    MAIL_DROP_DIR: mailDir,
    GATEWAY_PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    ...(options.concurrency ? { BULK_SIGN_CONCURRENCY: String(options.concurrency) } : {}),
    ...(options.memoryMb ? { BULK_SIGN_MEMORY_MB: String(options.memoryMb) } : {}),
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const apps: App[] = [];
  const workflow = new Client({ connectionString: databaseUrlFor(config, 'contract-workflow') });
  // The database is dropped at the end with the connection still open; an error here must not hide the first one.
  workflow.on('error', () => undefined);
  try {
    log(
      `${options.documents} documents, ${options.workers} signing-worker process(es), concurrency ${config.BULK_SIGN_CONCURRENCY} ` +
        `and ${config.BULK_SIGN_MEMORY_MB} MiB of PDFs each`,
    );
    await migrateAll(config, () => undefined);
    await seedDemoData(config, () => undefined);
    const env = environmentOf(config, { LOG_LEVEL: 'info' });
    delete env.SMTP_URL;
    const consuming = (msg: string) => msg.endsWith('is consuming its queue');
    apps.push(
      new App('identity', 'apps/identity/src/main.ts', env, consuming),
      new App('contract-workflow', 'apps/contract-workflow/src/main.ts', env, consuming),
      new App('signing', 'apps/signing/src/main.ts', env, consuming),
      new App('notification', 'apps/notification/src/main.ts', env, consuming),
      new App('gateway', 'apps/gateway/src/main.ts', env, (msg) => msg === 'gateway listening'),
    );
    for (let index = 0; index < options.workers; index += 1) {
      apps.push(
        new App(
          `signing-worker-${index + 1}`,
          'apps/signing/src/worker.ts',
          env,
          (msg) => msg === 'signing-worker ready',
          SIGNING_WORKER_NODE_OPTIONS,
        ),
      );
    }
    await Promise.all(apps.map((app) => app.ready));
    log('platform up');

    // K contracts through the real flow to 受領側受取待ち (each signed by the sender: its own PDF), then copies of them.
    const mails = await MailDrop.open(mailDir);
    const cast = await findCast(baseUrl, 'P000001');
    const { sender, receiver } = cast;
    const bulkUser = receiver.recipientSigner;
    const uploaded = (await sampleContractPdf({ annexBytes: Math.round(options.annexMb * 1024 * 1024) })).toString('base64');
    const certificates = await sender.signer.session.get<{ items: { serialNumber: string; status: string }[] }>('/api/certificates');
    const senderSerial = certificates.items.find((item) => item.status === 'VALID')?.serialNumber;
    const sendOne = async (index: number): Promise<string> => {
      const registered = await sender.registrant.session.post<{ contractId: string; documentNumber: string }>('/api/contracts', {
        pdfBase64: uploaded,
        name: `ベンチマーク契約 ${index + 1}`,
        counterpartyCompanyId: receiver.companyId,
        recipientUserId: bulkUser.userId,
        senderSide: 'ORDERER',
        transactionDate: '2026-11-25',
        amount: 1_000_000 + index,
        route: { approvers: [], signer: sender.signer.userId },
      });
      await sender.registrant.session.post(`/api/contracts/${registered.contractId}/submit`);
      const senderPassword = await mails.waitForSecret({
        to: sender.signer.email,
        mentions: registered.documentNumber,
        labels: ['署名用パスワード', 'Signing password'],
        what: 'signing password',
      });
      await sender.signer.session.post(`/api/contracts/${registered.contractId}/sign`, {
        serialNumber: senderSerial,
        signingPassword: senderPassword.secret,
      });
      return registered.contractId;
    };
    const distinct = Math.min(options.distinctPdfs, options.documents);
    const sources: string[] = [];
    for (let start = 0; start < distinct; start += SENT_AT_ONCE) {
      const indexes = Array.from({ length: Math.min(SENT_AT_ONCE, distinct - start) }, (_, offset) => start + offset);
      sources.push(...(await Promise.all(indexes.map(sendOne))));
    }
    await workflow.connect();
    /**
     * `count` documents waiting for receipt, copies of the sources in a shuffled order (the same in every run): the
     * jobs a worker takes together come from one session or several at once, so a fixed rotation would give the
     * documents of two sessions the same PDFs side by side.
     */
    const copiesShuffled = async (count: number, sourcesToo: boolean): Promise<string[]> => {
      const extra = count - (sourcesToo ? sources.length : 0);
      // One after the other: one client.
      const all: string[] = sourcesToo ? [...sources] : [];
      for (const [index, source] of sources.entries()) {
        all.push(
          ...(await copyWaitingContract(workflow, source, Math.floor(extra / sources.length) + (index < extra % sources.length ? 1 : 0))),
        );
      }
      return shuffled(all, count);
    };
    const ids = await copiesShuffled(options.documents, true);
    // Their sizes differ: the sender's first signatures got the default placeholder, the later ones one sized to fit.
    const pdfs = await workflow.query<{ id: string; bytes: number; sha256: string }>(
      `SELECT c.id, b.size_bytes::int AS bytes, b.sha256 FROM contract_workflow.contracts c
       JOIN blob_store.blobs b ON b.sha256 = c.current_sha256 WHERE c.id = ANY($1::uuid[]) ORDER BY b.size_bytes, c.id`,
      [sources],
    );
    const distinctPdfs = new Set(pdfs.rows.map((row) => row.sha256)).size;
    const median = pdfs.rows[Math.floor((pdfs.rows.length - 1) / 2)];
    const pdfBytesRange = [pdfs.rows[0].bytes, pdfs.rows[pdfs.rows.length - 1].bytes];
    // The floor and the report take the median one.
    const signedPdf = await sender.registrant.session.download(`/api/contracts/${median.id}/pdf`);
    log(
      `${ids.length} documents waiting for receipt: copies, shuffled, of ${distinctPdfs} distinct signed PDFs of ` +
        `${pdfBytesRange[0]}–${pdfBytesRange[1]} bytes (median ${median.bytes})`,
    );

    // 対象選択 in sessions of at most 200, each with its own mailed password.
    const myCertificates = await bulkUser.session.get<{ items: { serialNumber: string; status: string }[] }>('/api/certificates');
    const bulkSerial = myCertificates.items.find((item) => item.status === 'VALID')?.serialNumber;
    const select = async (contractIds: string[]) => {
      const selected: { sessionId: string; password: string }[] = [];
      for (let start = 0; start < contractIds.length; start += BULK_SIGN_LIMIT) {
        const chunk = contractIds.slice(start, start + BULK_SIGN_LIMIT);
        const session = await bulkUser.session.post<{ sessionId: string; items: { documentNumber: string }[] }>('/api/bulk-sign/sessions', {
          contractIds: chunk,
        });
        const password = await mails.waitForSecret({
          to: bulkUser.email,
          mentions: session.items[0].documentNumber,
          labels: ['署名用パスワード', 'Signing password'],
          what: 'bulk signing password',
        });
        selected.push({ sessionId: session.sessionId, password: password.secret });
      }
      return selected;
    };
    // 一括署名（受取） of every session, then until none of their documents is still pending.
    const execute = async (selected: { sessionId: string; password: string }[]) => {
      const executedAt = new Map<string, number>();
      for (const session of selected) {
        await bulkUser.session.post(`/api/bulk-sign/sessions/${session.sessionId}/execute`, {
          serialNumber: bulkSerial,
          signingPassword: session.password,
        });
        executedAt.set(session.sessionId, Date.now());
      }
      const sessionIds = selected.map((session) => session.sessionId);
      // The sessions' counters, which each batch's conclusion updates with its items: a few rows by key, where
      // counting the items read the whole table every 100 ms while the clock ran.
      const waiting = async () =>
        Number(
          (
            await workflow.query<{ n: string }>(
              `SELECT coalesce(sum(total - done - failed), 0) AS n FROM contract_bulk.sessions WHERE id = ANY($1::uuid[])`,
              [sessionIds],
            )
          ).rows[0].n,
        );
      while ((await waiting()) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return executedAt;
    };

    const warmupDocuments = options.warmup * options.workers;
    if (warmupDocuments > 0) {
      const warm = await copiesShuffled(warmupDocuments, false);
      await execute(await select(warm));
      log(`warmed up: ${warm.length} other documents signed before the clock`);
    }
    const sessions = await select(ids);
    log(`${sessions.length} session(s) selected; executing`);

    // The clock runs from the first execute until the last of the N is 締結済 (its conclusion time in the database).
    const cpuBefore = new Map(apps.map((app) => [app.name, cpuSeconds(app.child.pid)]));
    const workers = apps.filter((app) => app.name.startsWith('signing-worker'));
    const workerMbAtStart = Math.max(...workers.map((app) => residentMb(app.child.pid)?.now ?? 0));
    const machineBefore = machineCpuSeconds();
    const machineBeforeAt = performance.now();
    const serversBefore = serverCpuSeconds();
    const startedAt = Date.now();
    const executedAt = await execute(sessions);
    // CPU per document, by app and for the whole machine (PostgreSQL, RabbitMQ and Redis are the rest).
    const cpuMsPerDoc = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? null : Number((((after - before) * 1000) / ids.length).toFixed(2));
    const cpuByApp = Object.fromEntries(apps.map((app) => [app.name, cpuMsPerDoc(cpuBefore.get(app.name), cpuSeconds(app.child.pid))]));
    const machineAfter = machineCpuSeconds();
    const machineCpuMsPerDoc = cpuMsPerDoc(machineBefore, machineAfter);
    // How busy all of the machine's cores were meanwhile: near 1, a second worker process can only take CPU from the rest.
    const machineBusy =
      machineBefore === undefined || machineAfter === undefined
        ? null
        : Number(
            ((machineAfter - machineBefore) / (os.availableParallelism() * ((performance.now() - machineBeforeAt) / 1000))).toFixed(3),
          );
    const workerPeakMb = Math.max(...workers.map((app) => residentMb(app.child.pid)?.peak ?? 0));
    const serversAfter = serverCpuSeconds();
    const cpuMsPerDocByServer = Object.fromEntries(
      Object.keys(SERVERS).map((name) => [name, cpuMsPerDoc(serversBefore[name], serversAfter[name])]),
    );
    const outcome = await workflow.query<{ session_id: string; concluded_at: Date; state: string }>(
      `SELECT i.session_id, c.concluded_at, i.state FROM contract_bulk.items i JOIN contract_workflow.contracts c ON c.id = i.contract_id
       WHERE i.session_id = ANY($1::uuid[])`,
      [sessions.map((session) => session.sessionId)],
    );
    // Where the time went: the workers' signatures (signing's records) against the conclusions.
    const signing = new Client({ connectionString: databaseUrlFor(config, 'signing') });
    await signing.connect();
    const signedSpan = await signing.query<{ first: Date; last: Date }>(
      `SELECT min(updated_at) AS first, max(updated_at) AS last FROM signing.bulk_documents WHERE session_id = ANY($1::uuid[]) AND state = 'SIGNED'`,
      [sessions.map((session) => session.sessionId)],
    );
    await signing.end();
    const signedSeconds = (signedSpan.rows[0].last.getTime() - startedAt) / 1000;
    const concluded = outcome.rows.filter((row) => row.state === 'CONCLUDED');
    const latencies = concluded
      .map((row) => row.concluded_at.getTime() - (executedAt.get(row.session_id) ?? startedAt))
      .sort((a, b) => a - b);
    // The database's conclusion time, not when the polling above saw it (up to 100 ms later).
    const finishedAt = concluded.reduce((last, row) => Math.max(last, row.concluded_at.getTime()), concluded.length > 0 ? 0 : Date.now());
    const seconds = (finishedAt - startedAt) / 1000;
    const docsPerSec = concluded.length / seconds;

    // The floor on a quiet machine: the platform stops first (it would still be sending the last mails).
    stopping = true;
    await Promise.all(apps.map((app) => app.stop()));
    log('measuring the crypto floor (SHA-256 of the PDF + one signature, one core)');
    const floorDocsPerSec = cryptoFloor(signedPdf.bytes, config.SIGNING_KEY_ALGORITHM);
    log('measuring the two steps of a document (B-T signature, then B-LTA) on one core');
    const steps = await signingSteps(signedPdf.bytes, config.SIGNING_KEY_ALGORITHM);
    const result = {
      documents: ids.length,
      concluded: concluded.length,
      failed: outcome.rows.length - concluded.length,
      workers: options.workers,
      warmupDocuments,
      distinctPdfs,
      concurrency: config.BULK_SIGN_CONCURRENCY,
      keyAlgorithm: config.SIGNING_KEY_ALGORITHM,
      pdfBytes: signedPdf.bytes.length,
      pdfBytesRange,
      memoryBudgetMb: config.BULK_SIGN_MEMORY_MB,
      workerRssMb: { atStart: workerMbAtStart, peak: workerPeakMb },
      seconds: Number(seconds.toFixed(2)),
      allSignedAfterSeconds: Number(signedSeconds.toFixed(2)),
      docsPerSec: Number(docsPerSec.toFixed(1)),
      msPerDoc: Number((1000 / docsPerSec).toFixed(2)),
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      floorDocsPerSec: Number(floorDocsPerSec.toFixed(1)),
      machineCpuMsPerDoc,
      machineBusy,
      cpuMsPerDocByApp: cpuByApp,
      cpuMsPerDocByServer,
      ratioToFloor: Number((docsPerSec / floorDocsPerSec).toFixed(3)),
      /** Per document on one core, in-process: the receiver's B-T signature and the B-LTA step the worker adds after it. */
      stepMsPerDoc: { bT: Number(steps.bTMsPerDoc.toFixed(2)), bLta: Number(steps.bLtaMsPerDoc.toFixed(2)) },
    };
    log(
      `${result.concluded}/${result.documents} concluded in ${result.seconds} s: ${result.docsPerSec} docs/s (${result.msPerDoc} ms/doc), ` +
        `latency p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms; floor ${result.floorDocsPerSec} docs/s → ${(result.ratioToFloor * 100).toFixed(1)} % of the floor`,
    );
    log(
      `per document on one core: B-T signature ${result.stepMsPerDoc.bT} ms, then B-LTA (DSS + document timestamp) ${result.stepMsPerDoc.bLta} ms`,
    );
    if (machineBusy !== null) {
      log(
        `machine: ${result.machineCpuMsPerDoc} CPU-ms per document; its ${os.availableParallelism()} cores ${(machineBusy * 100).toFixed(0)} % busy while the clock ran`,
      );
    }
    log(
      `signing-worker memory: ${workerPeakMb} MiB at most, ${(workerPeakMb / Math.max(1, workerMbAtStart)).toFixed(2)}× the ` +
        `${workerMbAtStart} MiB when the clock started (BULK_SIGN_MEMORY_MB ${config.BULK_SIGN_MEMORY_MB})`,
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    stopping = true;
    await workflow.end().catch(() => undefined);
    await Promise.all(apps.map((app) => app.stop()));
    await cleanUp(config, mailDir);
  }
}

async function cleanUp(config: AppConfig, mailDir: string): Promise<void> {
  rmSync(mailDir, { recursive: true, force: true });
  await deleteTopology(config).catch(() => undefined);
  await deleteRedisKeys(config).catch(() => undefined);
  await dropTestDatabase(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:bulk: failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
