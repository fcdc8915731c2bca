import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { auditTrailSchema } from '@app/contracts';
import { createTestDatabase, deleteTopology, dropTestDatabase, testConfig } from '@app/testing';
import { RunningPlatform, startPlatform } from '@test/support/platform';
import { verifyChain } from '@apps/contract-workflow/src/audit/audit-chain';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-data';
import { nssDatabaseTrusting, runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { seedDemoData } from '@scripts/seed';
import { runDemo } from './demo-process';

/**
 * `npm run demo` as a person runs it against `npm start`: the whole platform
 * in-process on the real PostgreSQL, RabbitMQ and Redis (its own database,
 * queues and .eml folder, no SMTP), and the demo as its own process that
 * knows only the gateway's URL and the mail folder.
 */

describe('npm run demo (scripts/demo.ts)', () => {
  const config = testConfig({ SMTP_URL: '', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  const tmp = tempDir();
  let platform: RunningPlatform;
  let baseUrl: string;

  const demo = (args: string[], timeoutMs?: number) => runDemo(config.MAIL_DROP_DIR, args, timeoutMs);

  /** Every secret the platform mailed (initial passwords, PINs, signing passwords). */
  async function mailedSecrets(): Promise<string[]> {
    const secrets: string[] = [];
    for (const file of readdirSync(config.MAIL_DROP_DIR).filter((name) => name.endsWith('.eml'))) {
      const mail = await simpleParser(readFileSync(path.join(config.MAIL_DROP_DIR, file)));
      for (const match of (mail.text ?? '').matchAll(/(?:署名用パスワード|証明書PIN|ログインパスワード): (\S+)/g)) {
        secrets.push(match[1]);
      }
    }
    return secrets;
  }

  beforeAll(async () => {
    await createTestDatabase(config);
    platform = await startPlatform(() => config, { webRoot: '/nonexistent' });
    baseUrl = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await platform?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
    rmSync(config.MAIL_DROP_DIR, { recursive: true, force: true });
    tmp.remove();
  });

  it('says the platform is not running when nothing answers at the URL', async () => {
    const run = await demo(['--out', tmp.file('none'), '--url', 'http://127.0.0.1:1']);
    expect(run.code).toBe(69);
    expect(run.output).toContain('プラットフォームが起動していません / the platform is not running');
    expect(run.output).toContain('http://127.0.0.1:1');
    expect(run.output).toContain('npm start');
  });

  it('says the demo data is missing when the seed has not run', async () => {
    const run = await demo(['--out', tmp.file('none'), '--url', baseUrl]);
    expect(run.code).toBe(1);
    expect(run.output).toContain('[ 1] 稼働確認 / platform is up');
    expect(run.output).toContain('デモデータがありません / the demo data is missing: the operator P000001 cannot log in');
    expect(run.output).toContain('npm run seed');
  });

  it('concludes a contract through both companies, writing a PDF with two trusted signatures, the root CA and a verifiable audit trail; again on a second run', async () => {
    await seedDemoData(config, () => undefined);
    const out = path.join(tmp.dir, 'out');

    const first = await demo(['--out', out, '--url', baseUrl]);
    expect({ code: first.code, output: first.output }).toEqual({ code: 0, output: expect.stringContaining('demo: 完了 / done') });
    const steps = [
      '稼働確認 / platform is up',
      'ログイン / logged in with the demo password — 発注建設株式会社 C000001: U000002 山田 太郎 登録担当者, U000003 鈴木 一郎 承認者, U000004 田中 誠 署名者 · 株式会社受注工務店 C000002: U000006 佐藤 二郎 受取担当者+署名者, U000007 高橋 三郎 承認者',
      '証明書 / active certificate (seeded, no PIN step) — U000004 田中 誠',
      '証明書 / active certificate (seeded, no PIN step) — U000006 佐藤 二郎',
      '契約文書の登録 / contract registered',
      '回覧開始 / submitted to the sender route — U000002 山田 太郎 → 発信側承認待ち (SENDER_APPROVAL)',
      '承認（発信側） / approved by the sender approver — U000003 鈴木 一郎 → 発信側署名待ち (SENDER_SIGNATURE)',
      '署名用パスワード / signing password read from mail — U000004 田中 誠',
      '署名（発信側） / signed by the sender signer and sent — U000004 田中 誠 → 受領側受取待ち (AWAITING_RECEIPT)',
      "マイリスト / in the recipient's my list",
      '受取確認 / received and routed — U000006 佐藤 二郎, 社内回覧先 承認者 U000007 高橋 三郎 → 署名者 U000006 佐藤 二郎 → 受領側承認待ち (RECEIVER_APPROVAL)',
      '承認（受信側） / approved by the receiver approver — U000007 高橋 三郎 → 受領側署名待ち (RECEIVER_SIGNATURE)',
      '署名用パスワード / signing password read from mail — U000006 佐藤 二郎',
      '署名（受信側） / signed by the receiver signer: concluded — U000006 佐藤 二郎 → 締結済 (CONCLUDED)',
      '締結済PDF / concluded PDF downloaded and validated',
      'ルート証明書 / root CA written',
      '監査証跡 / audit trail written and its hash chain verified',
    ];
    steps.forEach((step, index) => expect(first.output).toContain(`demo: [${String(index + 1).padStart(2)}] ${step}`));
    // Secrets were read from the mails and used, never printed.
    const secrets = await mailedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    for (const secret of [...secrets, DEMO_PASSWORD]) {
      expect(first.output).not.toContain(secret);
    }

    const firstNumber = /文書管理番号 (\d{10})/.exec(first.output)?.[1] as string;
    expect(firstNumber).toMatch(/^\d{10}$/);
    const pdf = path.join(out, `concluded-${firstNumber}.pdf`);
    const rootPem = readFileSync(path.join(out, 'root-ca.pem'), 'utf8');

    // The root CA is the platform's, and pdfsig trusting only it finds both signatures valid and trusted.
    expect(rootPem).toBe(await (await fetch(`${baseUrl}/api/signing/ca/root-ca.pem`)).text());
    const pdfsig = runTool('pdfsig', ['-nssdir', nssDatabaseTrusting(tmp.dir, rootPem), pdf]);
    expect(pdfsig.output.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(pdfsig.output.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
    expect(pdfsig.output).toContain('Signer Certificate Common Name: 田中 誠');
    expect(pdfsig.output).toContain('Signer Certificate Common Name: 佐藤 二郎');

    // The audit trail as exported: every transition, its hash chain intact when recomputed here.
    const trail = auditTrailSchema.parse(JSON.parse(readFileSync(path.join(out, `audit-${firstNumber}.json`), 'utf8')));
    expect(trail.documentNumber).toBe(firstNumber);
    expect(trail.entries.map((entry) => entry.action)).toEqual(['REGISTERED', 'SUBMIT', 'APPROVE', 'SIGN', 'RECEIVE', 'APPROVE', 'SIGN']);
    const links = trail.entries.map(({ previousHash, hash, ...fields }) => ({ fields, previousHash, hash }));
    expect(verifyChain(links)).toEqual({ valid: true, entries: trail.entries.length });

    // Repeatable: a second run concludes a second contract.
    const second = await demo(['--out', out, '--url', baseUrl]);
    expect(second.code).toBe(0);
    const secondNumber = /文書管理番号 (\d{10})/.exec(second.output)?.[1] as string;
    expect(Number(secondNumber)).toBe(Number(firstNumber) + 1);
    expect(readdirSync(out).sort()).toEqual(
      [
        `audit-${firstNumber}.json`,
        `audit-${secondNumber}.json`,
        `concluded-${firstNumber}.pdf`,
        `concluded-${secondNumber}.pdf`,
        'root-ca.pem',
      ].sort(),
    );
    const again = runTool('pdfsig', ['-nssdir', `sql:${path.join(tmp.dir, 'nss')}`, path.join(out, `concluded-${secondNumber}.pdf`)]);
    expect(again.output.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
  });
});
