import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { AppConfig } from '@app/config';
import { DatabaseHandle } from '@app/db';
import { copyWaitingContract, environmentOf, HttpClient } from '@app/testing';
import { SIGNING_WORKER_NODE_OPTIONS } from '@apps/signing/src/worker-node-options';
import { IdentityPlatform } from '../identity/identity-platform';
import { pdfBase64, Person, person, signingPasswordOf } from '../contract-workflow/workflow-fixture';

const ROOT = path.resolve(__dirname, '../..');

/** Quick takeovers and sweeps, so crash tests finish in seconds rather than minutes. */
export const BULK_TEST_SETTINGS = {
  BULK_SIGN_LOCK_MS: '3000',
  BULK_SIGN_SWEEP_MS: '1000',
  BULK_SIGN_RETRY_BASE_MS: '200',
  BULK_SIGN_CONCURRENCY: '4',
};

/** A real signing-worker process (apps/signing/src/worker.ts), as `npm start` and compose run it. */
export class WorkerProcess {
  private output = '';
  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** `nodeOptions`: those `npm start` and compose give a worker, unless a test wants it started as a bare `node worker.js`. */
  static async start(
    config: AppConfig,
    overrides: Record<string, string> = {},
    nodeOptions: readonly string[] = SIGNING_WORKER_NODE_OPTIONS,
  ): Promise<WorkerProcess> {
    const child = spawn(process.execPath, [...nodeOptions, '-r', '@swc-node/register', 'apps/signing/src/worker.ts'], {
      cwd: ROOT,
      env: environmentOf(config, { NODE_ENV: 'test', LOG_LEVEL: 'info', ...overrides }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    await worker.waitFor('signing-worker ready', 60_000);
    return worker;
  }

  get logs(): string {
    return this.output;
  }

  async waitFor(text: string, timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    while (!this.output.includes(text)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`signing-worker exited before "${text}":\n${this.output}`);
      }
      if (Date.now() - started > timeoutMs) {
        throw new Error(`signing-worker did not log "${text}" within ${timeoutMs} ms:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGKILL: no shutdown hook runs; its running jobs are left locked until their lock lapses. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
  }
}

export interface BulkParties {
  senderAdmin: HttpClient;
  receiverAdmin: HttpClient;
  receiverCompanyId: string;
  /** Registrant and signer of the sender (one person: the sender route is just its signature). */
  sender: Person;
  /** 佐藤 二郎: recipient + signer with bulk signing, holding an activated certificate. */
  bulkUser: Person;
}

/** 発注建設株式会社 (ONE_SIDE) and 株式会社受注工務店 (PARTNER_ONLY, bulk-sign option) with their people. */
export async function bulkParties(env: IdentityPlatform): Promise<BulkParties> {
  const { admin: senderAdmin } = await env.company('発注建設株式会社', { plan: 'ONE_SIDE', options: [] });
  const { admin: receiverAdmin, companyId: receiverCompanyId } = await env.company('株式会社受注工務店', {
    plan: 'PARTNER_ONLY',
    options: ['BULK_SIGN'],
  });
  const sender = await person(env, senderAdmin, '山田 太郎', ['registrant', 'signer']);
  const bulkUser = await person(env, receiverAdmin, '佐藤 二郎', ['recipient', 'signer']);
  expect((await receiverAdmin.patch(`/api/users/${bulkUser.userId}`, { bulkSign: true })).status).toBe(200);
  // A role or flag change ends the user's sessions: log in again.
  if ((await bulkUser.client.get('/api/auth/session')).status !== 200) {
    expect((await bulkUser.client.login(bulkUser.userId, bulkUser.password)).status).toBe(200);
  }
  return { senderAdmin, receiverAdmin, receiverCompanyId, sender, bulkUser };
}

/**
 * Contracts from the sender to `recipient`, each registered, submitted and
 * signed by the sender (with the mailed signing password): 受領側受取待ち.
 */
export async function awaitingReceipt(
  env: IdentityPlatform,
  parties: { sender: Person; receiverCompanyId: string },
  recipient: Person,
  count: number,
  name = '工事請負契約',
  pdf?: string,
): Promise<{ contractId: string; documentNumber: string; name: string }[]> {
  const made: { contractId: string; documentNumber: string; name: string }[] = [];
  pdf ??= await pdfBase64();
  for (let index = 0; index < count; index += 1) {
    const registered = await parties.sender.client.post('/api/contracts', {
      pdfBase64: pdf,
      name: `${name} ${index + 1}`,
      counterpartyCompanyId: parties.receiverCompanyId,
      recipientUserId: recipient.userId,
      senderSide: index % 2 === 0 ? 'ORDERER' : 'CONTRACTOR',
      transactionDate: '2026-11-20',
      amount: 1_000_000 + index,
      route: { approvers: [], signer: parties.sender.userId },
    });
    expect(registered.status).toBe(201);
    const id: string = registered.body.contractId;
    const mark = env.smtp.messages.length;
    expect((await parties.sender.client.post(`/api/contracts/${id}/submit`)).body.status).toBe('SENDER_SIGNATURE');
    const password = await signingPasswordOf(env, parties.sender, mark);
    const signed = await parties.sender.client.post(`/api/contracts/${id}/sign`, {
      serialNumber: parties.sender.serialNumber,
      signingPassword: password,
    });
    expect(signed.body.status).toBe('AWAITING_RECEIPT');
    made.push({ contractId: id, documentNumber: registered.body.documentNumber, name: registered.body.name });
  }
  return made;
}

/** `count` copies of a waiting contract (see copyWaitingContract). */
export function copiesOf(env: { database: DatabaseHandle }, contractId: string, count: number): Promise<string[]> {
  return copyWaitingContract(env.database.pool, contractId, count);
}

/** The bulk signing password of a session, from 「署名用パスワード発行のお知らせ」 that lists its documents. */
export async function bulkSigningPassword(env: IdentityPlatform, user: Person, documentNumbers: string[], after: number): Promise<string> {
  const mail = await env.smtp.waitFor(
    (m) =>
      m.envelope.to.includes(user.email) &&
      m.subject.includes('署名用パスワード') &&
      env.smtp.messages.indexOf(m) >= after &&
      documentNumbers.every((number) => m.text.includes(number)),
  );
  const value = /署名用パスワード: (\S+)/.exec(mail.text)?.[1];
  if (!value) {
    throw new Error('no signing password in the mail');
  }
  return value;
}

/** Polls the progress until the session is COMPLETED. */
export async function completed(client: HttpClient, sessionId: string, timeoutMs = 120_000): Promise<Record<string, unknown>> {
  const started = Date.now();
  for (;;) {
    const progress = await client.get(`/api/bulk-sign/sessions/${sessionId}`);
    // While the broker is away the gateway answers 503/504: look again.
    expect([200, 503, 504]).toContain(progress.status);
    if (progress.body.status === 'COMPLETED') {
      return progress.body;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`session not completed in ${timeoutMs} ms: ${JSON.stringify({ ...progress.body, items: undefined })}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
