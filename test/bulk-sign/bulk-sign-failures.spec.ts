import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { deleteRedisKeys, freePort } from '@app/testing';
import { BulkDocumentJob, bullPrefix, documentJobId, DOCUMENTS_QUEUE } from '@apps/signing/src/bulk-sign/bulk-sign.queues';
import { IdentityPlatform } from '../identity/identity-platform';
import {
  awaitingReceipt,
  BULK_TEST_SETTINGS,
  BulkParties,
  bulkParties,
  bulkSigningPassword,
  completed,
  WorkerProcess,
} from './bulk-fixture';

type Item = { contractId: string; documentNumber: string; state: string; failure: { code: string; ja: string; en: string } | null };

/**
 * One document's failure is recorded with its reason and stops none of the
 * others; a transient failure (the time-stamp authority away) is retried with
 * backoff and only then recorded; a permanent one (a revoked certificate) is
 * not retried. A document that failed stays waiting and can be signed later.
 */
describe('bulk signing: failures', () => {
  let env: IdentityPlatform;
  let parties: BulkParties;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Attempts and backoff are the job's, set where the signing service queues it.
    env = await IdentityPlatform.start({ ...BULK_TEST_SETTINGS, BULK_SIGN_ATTEMPTS: '3', BULK_SIGN_RETRY_BASE_MS: '100' });
    parties = await bulkParties(env);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill()));
  });

  afterAll(async () => {
    await env?.close();
    if (env) {
      await deleteRedisKeys(env.config);
    }
  });

  async function select(contractIds: string[], documentNumbers: string[]): Promise<{ sessionId: string; password: string }> {
    const mark = env.smtp.messages.length;
    const session = await parties.bulkUser.client.post('/api/bulk-sign/sessions', { contractIds });
    expect(session.status).toBe(201);
    return { sessionId: session.body.sessionId, password: await bulkSigningPassword(env, parties.bulkUser, documentNumbers, mark) };
  }

  async function execute(sessionId: string, password: string) {
    return parties.bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, {
      serialNumber: parties.bulkUser.serialNumber,
      signingPassword: password,
    });
  }

  async function attemptsOf(sessionId: string, contractIds: string[]): Promise<number[]> {
    const queue = new Queue(DOCUMENTS_QUEUE, { connection: { url: env.config.REDIS_URL }, prefix: bullPrefix(env.config) });
    try {
      return await Promise.all(contractIds.map(async (id) => (await queue.getJob(documentJobId(sessionId, id)))?.attemptsMade ?? -1));
    } finally {
      await queue.close();
    }
  }

  it('reports a document withdrawn after 対象選択 and concludes the others; the summary mail names it', async () => {
    workers.push(await WorkerProcess.start(env.config));
    const documents = await awaitingReceipt(env, parties, parties.bulkUser, 3, '変更契約');
    const { sessionId, password } = await select(
      documents.map((d) => d.contractId),
      documents.map((d) => d.documentNumber),
    );
    expect((await parties.sender.client.post(`/api/contracts/${documents[1].contractId}/withdraw`, {})).body.status).toBe('WITHDRAWN');

    const mark = env.smtp.messages.length;
    expect((await execute(sessionId, password)).status).toBe(202);
    const session = await completed(parties.bulkUser.client, sessionId);
    expect(session).toMatchObject({ total: 3, done: 2, failed: 1 });
    const items = session.items as Item[];
    expect(items.map((item) => item.state)).toEqual(['CONCLUDED', 'FAILED', 'CONCLUDED']);
    expect(items[1].failure).toMatchObject({ code: 'NO_LONGER_WAITING', ja: expect.stringContaining('受領側受取待ち') });
    expect((await parties.sender.client.get(`/api/contracts/${documents[1].contractId}`)).body.status).toBe('WITHDRAWN');

    const summary = await env.smtp.waitFor(
      (m) => m.envelope.to.includes(parties.bulkUser.email) && m.subject.includes('一括署名 完了') && env.smtp.messages.indexOf(m) >= mark,
    );
    expect(summary.text).toContain(documents[1].documentNumber);
    expect(summary.text).not.toContain(documents[0].documentNumber);
  });

  it('retries a time-stamp outage with backoff, then records it; the documents stay waiting and sign later', async () => {
    const closed = await freePort(); // nothing listens there: the time-stamp authority is away
    workers.push(await WorkerProcess.start(env.config, { SIGNING_TSA_URL: `http://127.0.0.1:${closed}/tsa` }));
    const documents = await awaitingReceipt(env, parties, parties.bulkUser, 2, '請書');
    const ids = documents.map((d) => d.contractId);
    const { sessionId, password } = await select(
      ids,
      documents.map((d) => d.documentNumber),
    );
    expect((await execute(sessionId, password)).status).toBe(202);
    const session = await completed(parties.bulkUser.client, sessionId);
    expect(session).toMatchObject({ total: 2, done: 0, failed: 2 });
    for (const item of session.items as Item[]) {
      expect(item.failure).toMatchObject({ code: 'SIGNING_UNAVAILABLE', ja: expect.any(String), en: expect.any(String) });
    }
    // Three attempts each (two retries), nothing signed, still 受領側受取待ち.
    expect(await attemptsOf(sessionId, ids)).toEqual([3, 3]);
    for (const id of ids) {
      expect((await parties.bulkUser.client.get(`/api/contracts/${id}`)).body.status).toBe('AWAITING_RECEIPT');
    }
    const again = await parties.bulkUser.client.get(`/api/bulk-sign/candidates?name=${encodeURIComponent('請書')}`);
    expect(again.body.items.map((item: { contractId: string }) => item.contractId)).toEqual(ids);

    // With the time-stamp authority back, a new selection signs them.
    await workers.splice(0)[0].kill();
    workers.push(await WorkerProcess.start(env.config));
    const retry = await select(
      ids,
      documents.map((d) => d.documentNumber),
    );
    expect((await execute(retry.sessionId, retry.password)).status).toBe(202);
    expect(await completed(parties.bulkUser.client, retry.sessionId)).toMatchObject({ done: 2, failed: 0 });
  });

  it('hands the documents to the workers in the order they were chosen, which the progress screen lists', async () => {
    const documents = await awaitingReceipt(env, parties, parties.bulkUser, 5, '発注書');
    // Chosen in an order of the user's own, not the order the documents were made in.
    const chosen = [3, 0, 4, 1, 2].map((index) => documents[index]);
    const { sessionId, password } = await select(
      chosen.map((d) => d.contractId),
      chosen.map((d) => d.documentNumber),
    );
    expect((await execute(sessionId, password)).status).toBe(202);
    // No worker yet: the queue holds the session's jobs in the order the workers take them.
    const queue = new Queue<BulkDocumentJob>(DOCUMENTS_QUEUE, {
      connection: { url: env.config.REDIS_URL },
      prefix: bullPrefix(env.config),
    });
    try {
      const waiting = await queue.getJobs(['wait'], 0, -1, true);
      expect(waiting.filter((job) => job.data.sessionId === sessionId).map((job) => job.data.contractId)).toEqual(
        chosen.map((d) => d.contractId),
      );
    } finally {
      await queue.close();
    }
    workers.push(await WorkerProcess.start(env.config));
    const session = await completed(parties.bulkUser.client, sessionId);
    expect(session).toMatchObject({ total: 5, done: 5, failed: 0 });
    expect((session.items as Item[]).map((item) => item.contractId)).toEqual(chosen.map((d) => d.contractId));
  });

  it('does not conclude a document that changed while it was being signed; the others conclude', async () => {
    const documents = await awaitingReceipt(env, parties, parties.bulkUser, 3, '覚書');
    const ids = documents.map((d) => d.contractId);
    const { sessionId, password } = await select(
      ids,
      documents.map((d) => d.documentNumber),
    );
    // Accepted while all three were waiting (no worker yet). Commands are refused from now on (BULK_SIGN_IN_PROGRESS), so
    // the change is made as a withdrawal that had passed that check just before the session started would commit it.
    expect((await execute(sessionId, password)).status).toBe(202);
    await env.database.db.execute(
      sql`UPDATE contract_workflow.contracts SET status = 'WITHDRAWN', current_actor_user_id = NULL, version = version + 1 WHERE id = ${ids[1]}`,
    );
    workers.push(await WorkerProcess.start(env.config));
    const session = await completed(parties.bulkUser.client, sessionId);
    expect(session).toMatchObject({ total: 3, done: 2, failed: 1 });
    const items = session.items as Item[];
    expect(items.map((item) => item.state)).toEqual(['CONCLUDED', 'FAILED', 'CONCLUDED']);
    expect(items[1].failure).toEqual({
      code: 'CONTRACT_CHANGED',
      ja: '署名中に契約文書が変更されたため、締結できませんでした。',
      en: 'The document changed while it was being signed, so it was not concluded.',
    });
    expect((await parties.sender.client.get(`/api/contracts/${ids[1]}`)).body.status).toBe('WITHDRAWN');
    for (const id of [ids[0], ids[2]]) {
      expect((await parties.bulkUser.client.get(`/api/contracts/${id}`)).body.status).toBe('CONCLUDED');
    }
    // Nothing of a conclusion for the changed one: no entry of the session in its audit trail (the others have their
    // receipt and signature), no billing row.
    const recorded = await env.database.db.execute(
      sql`SELECT (SELECT count(*) FROM contract_ledger.audit_entries WHERE contract_id = ${ids[1]} AND details->>'bulkSessionId' = ${sessionId}) AS audit,
        (SELECT count(*) FROM contract_ledger.audit_entries WHERE contract_id = ${ids[0]} AND details->>'bulkSessionId' = ${sessionId}) AS concluded,
        (SELECT count(*) FROM contract_ledger.billing_charges WHERE contract_id = ${ids[1]}) AS billing`,
    );
    expect(recorded.rows[0]).toEqual({ audit: '0', concluded: '2', billing: '0' });
  });

  it('does not retry a permanent refusal: a certificate revoked mid-batch fails the rest at once', async () => {
    const documents = await awaitingReceipt(env, parties, parties.bulkUser, 2, '注文書');
    const ids = documents.map((d) => d.contractId);
    const { sessionId, password } = await select(
      ids,
      documents.map((d) => d.documentNumber),
    );
    // Accepted while the certificate was valid (no worker yet), then revoked by the administrator.
    expect((await execute(sessionId, password)).status).toBe(202);
    const revoked = await parties.receiverAdmin.post(`/api/certificates/${parties.bulkUser.serialNumber}/revoke`, {});
    expect(revoked.status).toBe(200);
    workers.push(await WorkerProcess.start(env.config));
    const session = await completed(parties.bulkUser.client, sessionId);
    expect(session).toMatchObject({ done: 0, failed: 2 });
    for (const item of session.items as Item[]) {
      expect(item.failure).toMatchObject({ code: 'CERTIFICATE_REVOKED' });
    }
    expect(await attemptsOf(sessionId, ids)).toEqual([1, 1]);
  });
});
