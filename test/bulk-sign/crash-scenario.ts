import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { deleteRedisKeys, eventually, freePort } from '@app/testing';
import { IdentityPlatform } from '../identity/identity-platform';
import { awaitingReceipt, BulkParties, bulkParties, bulkSigningPassword, completed, copiesOf, WorkerProcess } from './bulk-fixture';

export const DOCUMENTS = 120;

/**
 * One crash scenario: a platform, the two companies, 60 documents selected
 * for the bulk user, worker processes, and the checks that every document
 * ended 締結済 exactly once — one signature record, one SIGN audit entry, one
 * billing row, and one 締結完了 mail that lists it. Each scenario has a spec
 * file of its own (a fresh module registry and platform).
 */
export class CrashScenario {
  readonly workers: WorkerProcess[] = [];
  /** What to stop after the platform is closed (a private Redis, a proxy). */
  readonly afterPlatform: (() => Promise<void>)[] = [];

  private constructor(
    readonly env: IdentityPlatform,
    readonly parties: BulkParties,
  ) {}

  /**
   * A scenario registers 120 documents while workers sign and brokers restart, often on a busy machine: the
   * gateway waits up to 60 s for a service (RPC_TIMEOUT_MS, 10 s by default), so a slow answer under load is not
   * mistaken for a lost one (504). The settings given still win.
   */
  static async start(...[overrides, configFor]: Parameters<typeof IdentityPlatform.start>): Promise<CrashScenario> {
    const env = await IdentityPlatform.start({ RPC_TIMEOUT_MS: '60000', ...overrides }, configFor);
    return new CrashScenario(env, await bulkParties(env));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.kill('SIGKILL')));
    await this.env.close();
    await deleteRedisKeys(this.env.config).catch(() => undefined);
    for (const stop of this.afterPlatform.splice(0)) {
      await stop();
    }
  }

  async worker(overrides: Record<string, string> = {}, nodeOptions?: readonly string[]): Promise<WorkerProcess> {
    const worker = await WorkerProcess.start(this.env.config, overrides, nodeOptions);
    this.workers.push(worker);
    return worker;
  }

  async selectAll(): Promise<{ sessionId: string; password: string; contractIds: string[] }> {
    const [original] = await awaitingReceipt(this.env, this.parties, this.parties.bulkUser, 1);
    const contractIds = [original.contractId, ...(await copiesOf(this.env, original.contractId, DOCUMENTS - 1))];
    return this.select(contractIds);
  }

  /** 対象選択 of `contractIds` (waiting for the bulk user) and the signing password mailed for it. */
  async select(contractIds: string[]): Promise<{ sessionId: string; password: string; contractIds: string[] }> {
    const first = await this.env.database.db.execute(
      sql`SELECT document_number FROM contract_workflow.contracts WHERE id = ${contractIds[0]}::uuid`,
    );
    const documentNumber = (first.rows[0] as { document_number: string }).document_number;
    const mark = this.env.smtp.messages.length;
    const session = await this.parties.bulkUser.client.post('/api/bulk-sign/sessions', { contractIds });
    expect(session.status).toBe(201);
    const password = await bulkSigningPassword(this.env, this.parties.bulkUser, [documentNumber], mark);
    return { sessionId: session.body.sessionId, password, contractIds };
  }

  async execute(sessionId: string, password: string): Promise<void> {
    const executed = await this.parties.bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, {
      serialNumber: this.parties.bulkUser.serialNumber,
      signingPassword: password,
    });
    expect(executed.status).toBe(202);
  }

  /**
   * Waits until every service's outbox is published and the mails are out:
   * a platform closed in the middle of that work after a broker outage can
   * take longer to close than the test allows.
   */
  async settle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.env.database.db.execute(
        sql`SELECT (SELECT count(*) FROM identity.outbox WHERE sent_at IS NULL)
          + (SELECT count(*) FROM contract_workflow.outbox WHERE sent_at IS NULL)
          + (SELECT count(*) FROM signing.outbox WHERE sent_at IS NULL)
          + (SELECT count(*) FROM notification.outbox WHERE sent_at IS NULL) AS n`,
      );
      if (Number((result.rows[0] as { n: string }).n) === 0 || Date.now() > deadline) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Documents of the session the workers have signed (signing's own record, ahead of the conclusions). */
  async signedCount(sessionId: string): Promise<number> {
    const result = await this.env.database.db.execute(
      sql`SELECT count(*) AS n FROM signing.bulk_documents WHERE session_id = ${sessionId} AND state = 'SIGNED'`,
    );
    return Number((result.rows[0] as { n: string }).n);
  }

  async doneCount(sessionId: string): Promise<number> {
    const progress = await this.parties.bulkUser.client.get(`/api/bulk-sign/sessions/${sessionId}`);
    expect(progress.status).toBe(200);
    return progress.body.done as number;
  }

  async waitUntilDone(sessionId: string, atLeast: number): Promise<void> {
    await eventually(async () => (await this.doneCount(sessionId)) >= atLeast, 120_000, 20);
  }

  async countConcluded(contractIds: string[]): Promise<number> {
    const result = await this.env.database.db.execute(
      sql`SELECT count(*) AS n FROM contract_workflow.contracts WHERE id IN (${sql.join(
        contractIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) AND status = 'CONCLUDED'`,
    );
    return Number((result.rows[0] as { n: string }).n);
  }

  /** Exactly once, per document: everything a conclusion leaves behind. */
  async expectEachConcludedOnce(sessionId: string, contractIds: string[]): Promise<void> {
    // 120 documents after a crash: minutes on a busy machine.
    const session = await completed(this.parties.bulkUser.client, sessionId, 240_000);
    expect(session).toMatchObject({ total: contractIds.length, done: contractIds.length, failed: 0 });
    const ids = sql.join(
      contractIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const perContract = async (query: ReturnType<typeof sql>) =>
      (await this.env.database.db.execute(query)).rows.map((row) => Number((row as { n: string }).n));
    expect(
      await perContract(sql`SELECT count(*) AS n FROM contract_workflow.contracts WHERE id IN (${ids}) AND status = 'CONCLUDED'`),
    ).toEqual([contractIds.length]);
    expect(
      await perContract(sql`SELECT count(s.id) AS n FROM unnest(ARRAY[${ids}]) AS c(id)
        LEFT JOIN signing.signatures s ON s.request_id = 'bulk-' || ${sessionId} || '-' || c.id GROUP BY c.id`),
    ).toEqual(contractIds.map(() => 1));
    expect(
      await perContract(sql`SELECT count(a.contract_id) AS n FROM unnest(ARRAY[${ids}]) AS c(id)
        LEFT JOIN contract_ledger.audit_entries a ON a.contract_id = c.id AND a.action = 'SIGN' AND a.actor_user_id = ${this.parties.bulkUser.userId}
        GROUP BY c.id`),
    ).toEqual(contractIds.map(() => 1));
    expect(
      await perContract(sql`SELECT count(b.contract_id) AS n FROM unnest(ARRAY[${ids}]) AS c(id)
        LEFT JOIN contract_ledger.billing_charges b ON b.contract_id = c.id GROUP BY c.id`),
    ).toEqual(contractIds.map(() => 1));
    // Each document in exactly one 締結完了 mail to the sender's registrant (the outbox rows, whatever the SMTP timing):
    // the session's one mail listing its contracts, however often its last document was handled.
    expect(
      await perContract(sql`SELECT count(o.id) AS n FROM contract_workflow.contracts c
        LEFT JOIN contract_workflow.outbox o ON o.event = 'notification.requested' AND o.payload->>'template' = 'bulk-sign-concluded'
          AND o.payload->'params'->'contracts' @> jsonb_build_array(jsonb_build_object('documentNumber', c.document_number))
        WHERE c.id IN (${ids}) GROUP BY c.id`),
    ).toEqual(contractIds.map(() => 1));
  }
}

/** A redis-server of this test's own (no persistence), so restarting it disturbs no other test. */
export class PrivateRedis {
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
    // Seconds on a busy machine; the bound only turns a redis-server that never comes into a clear failure.
    await eventually(() => canConnect(this.port), 60_000, 50).catch(() => {
      throw new Error('redis-server did not start within 60 s');
    });
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
