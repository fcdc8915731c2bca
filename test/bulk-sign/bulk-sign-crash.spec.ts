import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { deleteRedisKeys, freePort, TcpProxy } from '@app/testing';
import { bullPrefix, DOCUMENTS_QUEUE } from '@apps/signing/src/bulk-sign/bulk-sign.queues';
import { IdentityPlatform } from '../identity/identity-platform';
import {
  awaitingReceipt,
  copiesOf,
  BULK_TEST_SETTINGS,
  BulkParties,
  bulkParties,
  bulkSigningPassword,
  completed,
  WorkerProcess,
} from './bulk-fixture';

const DOCUMENTS = 60;

/**
 * Nothing lost, nothing doubled: a signing worker killed with SIGKILL in the
 * middle of a batch, Redis restarted (empty) during a batch, and every broker
 * connection dropped during a batch — each time every document ends
 * 締結済 exactly once: one signature record, one SIGN audit entry, one billing
 * row and one 締結 mail per document.
 */
describe('bulk signing: crash safety', () => {
  let env: IdentityPlatform;
  let parties: BulkParties;
  const workers: WorkerProcess[] = [];
  /** What to stop after the platform is closed (a private Redis, a proxy). */
  const afterPlatform: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
    await env?.close();
    if (env) {
      await deleteRedisKeys(env.config).catch(() => undefined);
    }
    for (const stop of afterPlatform.splice(0)) {
      await stop();
    }
  });

  async function selectAll(): Promise<{ sessionId: string; password: string; contractIds: string[] }> {
    const [original] = await awaitingReceipt(env, parties, parties.bulkUser, 1);
    const contractIds = [original.contractId, ...(await copiesOf(env, original.contractId, DOCUMENTS - 1))];
    const mark = env.smtp.messages.length;
    const session = await parties.bulkUser.client.post('/api/bulk-sign/sessions', { contractIds });
    expect(session.status).toBe(201);
    const password = await bulkSigningPassword(env, parties.bulkUser, [original.documentNumber], mark);
    return { sessionId: session.body.sessionId, password, contractIds };
  }

  async function execute(sessionId: string, password: string): Promise<void> {
    const executed = await parties.bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, {
      serialNumber: parties.bulkUser.serialNumber,
      signingPassword: password,
    });
    expect(executed.status).toBe(202);
  }

  async function doneCount(sessionId: string): Promise<number> {
    const progress = await parties.bulkUser.client.get(`/api/bulk-sign/sessions/${sessionId}`);
    expect(progress.status).toBe(200);
    return progress.body.done as number;
  }

  async function waitUntilDone(sessionId: string, atLeast: number): Promise<void> {
    while ((await doneCount(sessionId)) < atLeast) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function countConcluded(contractIds: string[]): Promise<number> {
    const result = await env.database.db.execute(
      sql`SELECT count(*) AS n FROM contract_workflow.contracts WHERE id IN (${sql.join(
        contractIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) AND status = 'CONCLUDED'`,
    );
    return Number((result.rows[0] as { n: string }).n);
  }

  /** Exactly once, per document: everything a conclusion leaves behind. */
  async function expectEachConcludedOnce(sessionId: string, contractIds: string[]): Promise<void> {
    const session = await completed(parties.bulkUser.client, sessionId);
    expect(session).toMatchObject({ total: DOCUMENTS, done: DOCUMENTS, failed: 0 });
    const ids = sql.join(
      contractIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const perContract = async (query: ReturnType<typeof sql>) =>
      (await env.database.db.execute(query)).rows.map((row) => Number((row as { n: string }).n));
    expect(
      await perContract(sql`SELECT count(*) AS n FROM contract_workflow.contracts WHERE id IN (${ids}) AND status = 'CONCLUDED'`),
    ).toEqual([DOCUMENTS]);
    expect(
      await perContract(sql`SELECT count(s.id) AS n FROM unnest(ARRAY[${ids}]) AS c(id)
        LEFT JOIN signing.signatures s ON s.request_id = 'bulk-' || ${sessionId} || '-' || c.id GROUP BY c.id`),
    ).toEqual(contractIds.map(() => 1));
    expect(
      await perContract(sql`SELECT count(a.contract_id) AS n FROM unnest(ARRAY[${ids}]) AS c(id)
        LEFT JOIN contract_ledger.audit_entries a ON a.contract_id = c.id AND a.action = 'SIGN' AND a.actor_user_id = ${parties.bulkUser.userId}
        GROUP BY c.id`),
    ).toEqual(contractIds.map(() => 1));
    expect(
      await perContract(sql`SELECT count(b.contract_id) AS n FROM unnest(ARRAY[${ids}]) AS c(id)
        LEFT JOIN contract_ledger.billing_charges b ON b.contract_id = c.id GROUP BY c.id`),
    ).toEqual(contractIds.map(() => 1));
    // One 締結 mail per document to the sender's registrant (the outbox row, whatever the SMTP timing).
    expect(
      await perContract(sql`SELECT count(*) AS n FROM contract_workflow.outbox
        WHERE event = 'notification.requested' AND payload->>'template' = 'concluded' AND payload->'params'->>'documentNumber' IN
        (SELECT document_number FROM contract_workflow.contracts WHERE id IN (${ids}))`),
    ).toEqual([DOCUMENTS]);
  }

  it('completes a batch whose worker was killed with SIGKILL mid-document: none lost, none signed twice', async () => {
    env = await IdentityPlatform.start(BULK_TEST_SETTINGS);
    parties = await bulkParties(env);
    const { sessionId, password, contractIds } = await selectAll();
    // One worker at a time, one document at a time: when it dies it holds a job.
    const first = await WorkerProcess.start(env.config, { BULK_SIGN_CONCURRENCY: '1' });
    workers.push(first);
    await execute(sessionId, password);
    await waitUntilDone(sessionId, 2);
    await first.kill('SIGKILL');
    expect(await doneCount(sessionId)).toBeLessThan(DOCUMENTS);

    workers.push(await WorkerProcess.start(env.config, { BULK_SIGN_CONCURRENCY: '2' }));
    await expectEachConcludedOnce(sessionId, contractIds);

    // The job the killed worker held was taken over after its lock lapsed.
    const queue = new Queue(DOCUMENTS_QUEUE, { connection: { url: env.config.REDIS_URL }, prefix: bullPrefix(env.config) });
    try {
      const jobs = await queue.getJobs(['completed']);
      expect(jobs.filter((job) => job.data.sessionId === sessionId)).toHaveLength(DOCUMENTS);
      expect(jobs.some((job) => job.stalledCounter > 0)).toBe(true);
    } finally {
      await queue.close();
    }
  });

  it('resumes after Redis restarts empty during a batch, from what PostgreSQL holds', async () => {
    const redis = await PrivateRedis.start();
    afterPlatform.push(() => redis.stop());
    env = await IdentityPlatform.start({ ...BULK_TEST_SETTINGS, REDIS_URL: redis.url });
    parties = await bulkParties(env);
    const { sessionId, password, contractIds } = await selectAll();
    workers.push(await WorkerProcess.start(env.config, { BULK_SIGN_CONCURRENCY: '1' }));
    await execute(sessionId, password);
    await waitUntilDone(sessionId, 2);
    await redis.restart(); // no persistence: every job of the batch is gone
    await expectEachConcludedOnce(sessionId, contractIds);
  });

  it('resumes after every broker connection drops during a batch, and concludes each document once', async () => {
    const proxy = await TcpProxy.forUrl(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672', 5672).start();
    afterPlatform.push(() => proxy.stop());
    env = await IdentityPlatform.start(BULK_TEST_SETTINGS, (_app, config) => ({ ...config, AMQP_URL: proxy.rewrite(config.AMQP_URL) }));
    parties = await bulkParties(env);
    const { sessionId, password, contractIds } = await selectAll();
    workers.push(await WorkerProcess.start(env.config, { BULK_SIGN_CONCURRENCY: '1', AMQP_URL: proxy.rewrite(env.config.AMQP_URL) }));
    await execute(sessionId, password);
    await waitUntilDone(sessionId, 2);
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await countConcluded(contractIds)).toBeLessThan(DOCUMENTS);
    proxy.restore();
    await expectEachConcludedOnce(sessionId, contractIds);
  });
});

/** A redis-server of this test's own (no persistence), so restarting it disturbs no other test. */
class PrivateRedis {
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const redis = new PrivateRedis(port);
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await this.launch();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGKILL');
      });
    }
  }

  private async launch(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await canConnect(this.port)) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('redis-server did not start');
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
