import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { STAGED_FILES, StagedFiles } from '@app/blob-store';
import { AuditTrailView, Patterns } from '@app/contracts';
import { tableScans } from '@app/testing';
import { actors, auditAppend, LedgerHarness } from './ledger-harness';

/**
 * Real: contract-workflow on PostgreSQL and RabbitMQ. The audit trail is
 * appended the way the workflow does (inside its transactions) and read over
 * RPC with an actor, as the gateway asks.
 */
describe('audit trail (監査証跡)', () => {
  let harness: LedgerHarness;

  beforeAll(async () => {
    harness = await LedgerHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const appendMany = (contractId: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, index) =>
        harness.inTransaction((tx) => harness.audit.append(tx, auditAppend(contractId, { action: `STEP_${index}`, details: { index } }))),
      ),
    );

  it('keeps one intact chain when many callers append to one contract at once', async () => {
    const contractId = randomUUID();
    await appendMany(contractId, 16);
    const trail = (await harness.send(Patterns.contractWorkflow.auditTrail, { contractId }, actors.user('C000001'))) as AuditTrailView;
    expect(trail.entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 16 }, (_, index) => index + 1));
    expect(new Set(trail.entries.map((entry) => entry.action)).size).toBe(16);
    for (const [index, entry] of trail.entries.entries()) {
      expect(entry.previousHash).toBe(index === 0 ? '0'.repeat(64) : trail.entries[index - 1].hash);
    }
    expect(await harness.send(Patterns.contractWorkflow.auditVerify, { contractId }, actors.user('C000002'))).toEqual({
      contractId,
      valid: true,
      entries: 16,
    });
  });

  it('returns from appendAll, in the order given, exactly the entries the trail then reads (nothing is read back)', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await harness.inTransaction((tx) => harness.audit.append(tx, auditAppend(second, { action: 'SENT' })));
    const appended = await harness.inTransaction((tx) =>
      harness.audit.appendAll(tx, [
        auditAppend(second, {
          action: 'RECEIVE',
          details: { to: 'RECEIVER_SIGNATURE', from: 'AWAITING_RECEIPT', nested: { b: 1, a: [1, 'x'] } },
        }),
        auditAppend(first, { action: 'RECEIVE', actor: { kind: 'system' }, clientIp: null, documentSha256: null }),
        auditAppend(second, { action: 'SIGN', details: { serialNumber: '0a1b', skipped: undefined } }),
        auditAppend(first, { action: 'SIGN', sentToReceiver: false }),
      ]),
    );
    expect(appended.map((entry) => [entry.contractId, entry.seq, entry.action])).toEqual([
      [second, 2, 'RECEIVE'],
      [first, 1, 'RECEIVE'],
      [second, 3, 'SIGN'],
      [first, 2, 'SIGN'],
    ]);
    const read = async (contractId: string) =>
      ((await harness.send(Patterns.contractWorkflow.auditTrail, { contractId }, actors.user('C000001'))) as AuditTrailView).entries;
    const [firstTrail, secondTrail] = [await read(first), await read(second)];
    expect(appended[0]).toStrictEqual(secondTrail[1]);
    expect(appended[1]).toStrictEqual(firstTrail[0]);
    expect(appended[2]).toStrictEqual(secondTrail[2]);
    expect(appended[3]).toStrictEqual(firstTrail[1]);
    for (const contractId of [first, second]) {
      expect(await harness.send(Patterns.contractWorkflow.auditVerify, { contractId }, actors.user('C000001'))).toMatchObject({
        valid: true,
      });
    }
  });

  it("reads each chain's head through the index, not the table, even before the table was ever analysed", async () => {
    // A batch's 40 contracts, each with a chain of 3, among 4,000 other entries; nothing has analysed the table.
    const contracts = Array.from({ length: 40 }, () => randomUUID());
    for (let step = 0; step < 3; step += 1) {
      await harness.inTransaction((tx) =>
        harness.audit.appendAll(
          tx,
          contracts.map((contractId) => auditAppend(contractId, { action: `STEP_${step}` })),
        ),
      );
    }
    await harness.database.pool.query(
      `INSERT INTO contract_ledger.audit_entries (contract_id, seq, document_number, action, actor_kind, sender_company_id,
         receiver_company_id, details, occurred_at, previous_hash, hash)
       SELECT gen_random_uuid(), 1, '0000000001', 'FILLER', 'system', 'C000001', 'C000002', '{}', now(), repeat('0', 64), repeat('f', 64)
       FROM generate_series(1, 4000)`,
    );
    const sequentialScans = () => tableScans(harness.database.pool, 'contract_ledger', 'audit_entries');
    const before = await sequentialScans();
    expect(before.analysed).toBe(false);

    const appended = await harness.inTransaction((tx) =>
      harness.audit.appendAll(
        tx,
        contracts.map((contractId) => auditAppend(contractId, { action: 'RECEIVE' })),
      ),
    );
    expect(appended.map((entry) => entry.seq)).toEqual(Array(40).fill(4));
    expect((await sequentialScans()).sequential).toBe(before.sequential);
  });

  it('records who, which company, what, when, from where and the PDF hash, and nothing of an entry rolled back', async () => {
    const contractId = randomUUID();
    await harness.inTransaction((tx) => harness.audit.append(tx, auditAppend(contractId)));
    await expect(
      harness.inTransaction(async (tx) => {
        await harness.audit.append(tx, auditAppend(contractId, { action: 'APPROVED' }));
        throw new Error('the transition failed');
      }),
    ).rejects.toThrow('the transition failed');
    await harness.inTransaction((tx) =>
      harness.audit.append(
        tx,
        auditAppend(contractId, {
          action: 'RECEIVED',
          actor: { kind: 'user', userId: 'U000006', companyId: 'C000002' },
          clientIp: '2001:db8::1',
          documentSha256: 'b'.repeat(64),
          details: { route: ['U000007', 'U000006'], comment: '受取確認' },
        }),
      ),
    );
    const trail = (await harness.send(Patterns.contractWorkflow.auditTrail, { contractId }, actors.user('C000002'))) as AuditTrailView;
    expect(trail).toMatchObject({ contractId, documentNumber: '0000000283' });
    expect(trail.entries.map((entry) => [entry.seq, entry.action])).toEqual([
      [1, 'REGISTERED'],
      [2, 'RECEIVED'],
    ]);
    expect(trail.entries[1]).toMatchObject({
      actor: { kind: 'user', userId: 'U000006', companyId: 'C000002' },
      senderCompanyId: 'C000001',
      receiverCompanyId: 'C000002',
      clientIp: '2001:db8::1',
      documentSha256: 'b'.repeat(64),
      details: { route: ['U000007', 'U000006'], comment: '受取確認' },
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    const contractId = randomUUID();
    await appendMany(contractId, 1);
    const pool = harness.database.pool;
    await expect(pool.query(`UPDATE contract_ledger.audit_entries SET action = 'X' WHERE contract_id = $1`, [contractId])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(pool.query(`DELETE FROM contract_ledger.audit_entries WHERE contract_id = $1`, [contractId])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(pool.query(`TRUNCATE contract_ledger.audit_entries`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const { rows } = await pool.query(`SELECT action FROM contract_ledger.audit_entries WHERE contract_id = $1`, [contractId]);
    expect(rows).toEqual([{ action: 'STEP_0' }]);
  });

  it('reports the first broken entry when someone bypasses the triggers and changes or removes one', async () => {
    const changed = randomUUID();
    const removed = randomUUID();
    for (const contractId of [changed, removed]) {
      for (let step = 0; step < 4; step += 1) {
        await harness.inTransaction((tx) => harness.audit.append(tx, auditAppend(contractId, { action: `STEP_${step}` })));
      }
    }
    const client = await harness.database.pool.connect();
    try {
      // What a superuser could do: switch triggers off for the session.
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE contract_ledger.audit_entries SET client_ip = '203.0.113.66' WHERE contract_id = $1 AND seq = 3`, [
        changed,
      ]);
      await client.query(`DELETE FROM contract_ledger.audit_entries WHERE contract_id = $1 AND seq = 2`, [removed]);
    } finally {
      await client.query(`SET session_replication_role = origin`);
      client.release();
    }
    const admin = actors.administrator('C000001');
    expect(await harness.send(Patterns.contractWorkflow.auditVerify, { contractId: changed }, admin)).toEqual({
      contractId: changed,
      valid: false,
      entries: 4,
      firstBrokenAt: 3,
    });
    expect(await harness.send(Patterns.contractWorkflow.auditVerify, { contractId: removed }, admin)).toEqual({
      contractId: removed,
      valid: false,
      entries: 3,
      firstBrokenAt: 3,
    });
  });

  it('exports a PDF report (監査証跡) that pdf-lib and qpdf read, with every entry and the chain result', async () => {
    const contractId = randomUUID();
    await appendMany(contractId, 3);
    const reply = await harness.send(Patterns.contractWorkflow.auditPdf, { contractId }, actors.user('C000001'));
    expect(reply).toMatchObject({ filename: 'audit-0000000283.pdf' });
    // The report is staged, not carried: the reply names it (claim check) and the reader takes the bytes.
    const { file } = reply as { file: { id: string; sha256: string; sizeBytes: number } };
    const bytes = await harness.app.get<StagedFiles>(STAGED_FILES).read(file);
    expect(bytes.length).toBe(file.sizeBytes);
    const document = await PDFDocument.load(bytes);
    expect(document.getTitle()).toBe('監査証跡 0000000283');
    expect(document.getPageCount()).toBe(1);
    const dir = mkdtempSync(path.join(tmpdir(), 'inkan-audit-'));
    try {
      writeFileSync(path.join(dir, 'audit.pdf'), bytes);
      expect(execFileSync('qpdf', ['--check', path.join(dir, 'audit.pdf')]).toString()).toMatch(/No syntax or stream encoding errors/);
      // The page text, uncompressed, for reading.
      execFileSync('qpdf', ['--qdf', '--object-streams=disable', path.join(dir, 'audit.pdf'), path.join(dir, 'plain.pdf')]);
      const text = execFileSync('strings', [path.join(dir, 'plain.pdf')]).toString();
      // PDF strings escape parentheses.
      expect(text).toContain('Hash chain: VALID \\(3 entries;');
      expect(text).toContain('0000000283');
      const trail = (await harness.send(Patterns.contractWorkflow.auditTrail, { contractId }, actors.user('C000001'))) as AuditTrailView;
      expect(text).toContain(trail.entries[2].hash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is the sender's alone until the document was sent to the receiver", async () => {
    const contractId = randomUUID();
    await harness.inTransaction((tx) => harness.audit.append(tx, auditAppend(contractId, { sentToReceiver: false })));
    const read = (companyId: string) => harness.send(Patterns.contractWorkflow.auditTrail, { contractId }, actors.user(companyId));
    expect(await read('C000001')).toMatchObject({ entries: [{ seq: 1, sentToReceiver: false }] });
    expect(await read('C000002')).toEqual({ error: 'NOT_FOUND' });
    await harness.inTransaction((tx) => harness.audit.append(tx, auditAppend(contractId, { action: 'SIGN', sentToReceiver: true })));
    expect(await read('C000002')).toMatchObject({ entries: [{ seq: 1 }, { seq: 2, sentToReceiver: true }] });
  });

  it('is invisible to every other company (404), refused to API tokens (403) and nobody (401)', async () => {
    const contractId = randomUUID();
    await appendMany(contractId, 1);
    for (const pattern of [
      Patterns.contractWorkflow.auditTrail,
      Patterns.contractWorkflow.auditVerify,
      Patterns.contractWorkflow.auditPdf,
    ]) {
      expect(await harness.send(pattern, { contractId }, actors.administrator('C000003'))).toEqual({ error: 'NOT_FOUND' });
      expect(await harness.send(pattern, { contractId: randomUUID() }, actors.user('C000001'))).toEqual({ error: 'NOT_FOUND' });
      expect(await harness.send(pattern, { contractId }, actors.operator())).toEqual({ error: 'FORBIDDEN' });
      expect(await harness.send(pattern, { contractId }, actors.apiToken('C000001'))).toEqual({ error: 'FORBIDDEN' });
      expect(await harness.send(pattern, { contractId }, actors.anonymous())).toEqual({ error: 'UNAUTHENTICATED' });
    }
  });
});
