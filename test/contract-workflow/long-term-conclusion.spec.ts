import { sql } from 'drizzle-orm';
import { sha256Hex } from '@app/blob-store';
import { nssDatabaseTrusting, runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';
import { concludeContract } from './contract-steps';
import { Person, person } from './workflow-fixture';

interface LongTerm {
  level: string;
  archiveTimestampAt: string | null;
  proofUntil: string | null;
  generation: number;
}

/**
 * 長期署名 at conclusion, over HTTP against the real services: a contract
 * signed by both companies and a sender-only one end as PAdES B-LTA (a DSS and
 * a document timestamp after the last signature), with their archive record
 * in 長期保管文書 and the validation report.
 */
describe('long-term signatures at conclusion (single path): B-LTA, archive record, validation report', () => {
  let env: IdentityPlatform;
  let registrant: Person;
  let recipient: Person;
  const tmp = tempDir();
  let nss: string;
  const concluded: { contractId: string; mode: 'BOTH' | 'SENDER_ONLY' }[] = [];

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const sender = await env.company('長期保管建設株式会社', { plan: 'ONE_SIDE' });
    const receiver = await env.company('株式会社保存工業', { plan: 'ONE_SIDE' });
    registrant = await person(env, sender.admin, '山田 太郎', ['registrant', 'signer']);
    recipient = await person(env, receiver.admin, '佐藤 花子', ['recipient', 'signer']);
    for (const signatureMode of ['BOTH', 'SENDER_ONLY'] as const) {
      const done = await concludeContract(
        env,
        { registrant, senderSigner: registrant, receiverSigner: recipient },
        {
          name: `長期署名の確認（${signatureMode}）`,
          counterpartyCompanyId: receiver.companyId,
          recipient,
          signatureMode,
          transactionDate: '2026-12-01',
          amount: 1_000_000,
        },
      );
      concluded.push({ contractId: done.contractId, mode: signatureMode });
    }
    const root = await env.client().get('/api/signing/ca/root-ca.pem');
    nss = nssDatabaseTrusting(tmp.dir, root.body as string);
  });

  afterAll(async () => {
    tmp.remove();
    await env?.close();
  });

  it('the concluded PDF: pdfsig finds every signature valid and trusted and lists the document timestamp; qpdf --check passes', async () => {
    for (const { contractId, mode } of concluded) {
      const pdf = await fetch(`${env.baseUrl}/api/archive/${contractId}/pdf`, { headers: { cookie: registrant.client.cookie as string } });
      expect(pdf.status).toBe(200);
      const bytes = Buffer.from(await pdf.arrayBuffer());
      const file = tmp.file(`${mode}.pdf`, bytes);
      const { output } = runTool('pdfsig', ['-nssdir', nss, file]);
      const signatures = mode === 'BOTH' ? 2 : 1;
      const blocks = output.split(/Signature #\d+:/).slice(1);
      expect(blocks).toHaveLength(signatures + 1);
      expect(output.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(signatures);
      expect(output.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(signatures);
      expect(blocks[signatures]).toContain('Signature Field Name: inkan archive timestamp 1');
      // Only the time stamp's own validation data (an OCSP answer made after it) follows it.
      expect(blocks[signatures]).toContain('Not total document signed');
      expect(runTool('qpdf', ['--check', file])).toMatchObject({ status: 0 });
      const contract = (await registrant.client.get(`/api/contracts/${contractId}`)).body;
      expect(sha256Hex(bytes)).toBe(contract.currentSha256);
    }
  });

  it('長期保管文書 shows the archive record: B-LTA, the archive timestamp, 原本性保証期限, generation 0 (search and detail)', async () => {
    const page = await registrant.client.get('/api/archive?pageSize=50');
    expect(page.status).toBe(200);
    for (const { contractId } of concluded) {
      const item = (page.body.items as { contractId: string; longTerm: LongTerm }[]).find((entry) => entry.contractId === contractId);
      expect(item?.longTerm).toMatchObject({ level: 'B-LTA', generation: 0 });
      const longTerm = item?.longTerm as LongTerm;
      const stampedAt = new Date(longTerm.archiveTimestampAt as string);
      expect(Math.abs(Date.now() - stampedAt.getTime())).toBeLessThan(10 * 60_000);
      // The platform TSA's certificate (ten years) ends before the default horizon (2040-12-31).
      expect(new Date(longTerm.proofUntil as string).getTime()).toBeGreaterThan(stampedAt.getTime() + 9 * 365 * 86_400_000);
      expect(new Date(longTerm.proofUntil as string).getTime()).toBeLessThanOrEqual(Date.parse('2040-12-31T23:59:59.999Z'));
      // The receiver sees the same record.
      expect((await recipient.client.get(`/api/archive/${contractId}`)).body.longTerm).toEqual(longTerm);
      const [row] = (
        await env.database.db.execute(
          sql`SELECT r.level, r.generation, r.pdf_sha256 = c.current_sha256 AS current
              FROM contract_workflow.archive_records r JOIN contract_workflow.contracts c ON c.id = r.contract_id
              WHERE r.contract_id = ${contractId}`,
        )
      ).rows;
      expect(row).toEqual({ level: 'B-LTA', generation: 0, current: true });
    }
  });

  it('the validation report: each signature and the document timestamp valid, level B-LTA, proof chain unbroken', async () => {
    for (const { contractId, mode } of concluded) {
      const validation = await registrant.client.get(`/api/archive/${contractId}/validation-report`);
      expect(validation.status).toBe(200);
      const signatures = mode === 'BOTH' ? 2 : 1;
      expect(validation.body.longTerm).toMatchObject({ level: 'B-LTA', generation: 0 });
      const entries = validation.body.report.signatures as {
        kind: string;
        status: string;
        signer?: { validTo: string };
        revocation: { status: string; problems: string[] };
      }[];
      expect(entries.map((entry) => [entry.kind, entry.status, entry.revocation])).toEqual([
        ...Array.from({ length: signatures }, () => ['signature', 'valid', expect.objectContaining({ status: 'good' })]),
        ['document-timestamp', 'valid', expect.objectContaining({ status: 'good' })],
      ]);
      expect(validation.body.report).toMatchObject({
        allValid: true,
        signatureCount: signatures,
        documentTimestampCount: 1,
        longTerm: { level: 'B-LTA', documentTimestamps: 1, proofChain: { unbroken: true, problems: [] } },
      });
      const tsaEnd = entries[signatures].signer?.validTo as string;
      expect(validation.body.report.longTerm.proofUntil).toBe(tsaEnd);
    }
  });
});
