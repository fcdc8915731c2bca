import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { AppConfig } from '@app/config';
import { createTestDatabase, deleteTopology, dropTestDatabase, HttpClient, testConfig } from '@app/testing';
import { RunningPlatform, startPlatform } from '@test/support/platform';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-data';
import { seedDemoData } from '@scripts/seed';
import { localGatewayUrl, prepareBulkSignDemo, StartDemoReport } from '@scripts/start-demo';
import { runDemo } from './demo-process';

/**
 * What `npm start` does once every app is ready (scripts/start-demo.ts): the
 * demo bulk user 佐藤 二郎 finds 3 documents from 発注建設株式会社 waiting for
 * his bulk signing, sent through the real flow; each start after that sends
 * only what is missing. The platform runs in-process on the real PostgreSQL,
 * RabbitMQ and Redis (own database, queues and .eml folder, no SMTP), as
 * `npm start` runs it; a "restart" is the same step run again.
 */

describe('npm start: documents waiting for the demo bulk user (scripts/start-demo.ts)', () => {
  const config = testConfig({ SMTP_URL: '', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  let platform: RunningPlatform;
  let baseUrl: string;
  /** The config as `npm start` has it: the gateway on a known port. */
  let startConfig: AppConfig;

  function recorder() {
    const lines: { level: 'info' | 'warn'; line: string }[] = [];
    const report: StartDemoReport = {
      info: (line) => lines.push({ level: 'info', line }),
      warn: (line) => lines.push({ level: 'warn', line }),
    };
    return { lines, report };
  }

  async function bulkUser(): Promise<HttpClient> {
    const client = new HttpClient(baseUrl);
    expect((await client.login('U000006', DEMO_PASSWORD)).status).toBe(200);
    return client;
  }

  /** 佐藤 二郎's 契約文書一括署名（受取）選択, as the web UI asks for it. */
  async function candidates(client: HttpClient): Promise<any[]> {
    const reply = await client.get('/api/bulk-sign/candidates');
    expect(reply.status).toBe(200);
    return reply.body.items;
  }

  /** Every secret the platform mailed (login passwords, PINs, signing passwords). */
  async function mailedSecrets(): Promise<string[]> {
    const secrets: string[] = [];
    for (const file of readdirSync(config.MAIL_DROP_DIR).filter((name) => name.endsWith('.eml'))) {
      const mail = await simpleParser(readFileSync(path.join(config.MAIL_DROP_DIR, file)));
      for (const match of (mail.text ?? '').matchAll(/(?:署名用パスワード|証明書PIN|ログインパスワード|Signing password): (\S+)/g)) {
        secrets.push(match[1]);
      }
    }
    return secrets;
  }

  const demo = (args: string[], timeoutMs?: number) => runDemo(config.MAIL_DROP_DIR, args, timeoutMs);

  beforeAll(async () => {
    await createTestDatabase(config);
    platform = await startPlatform(() => config, { webRoot: '/nonexistent' });
    const { port } = platform.gateway.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    startConfig = { ...config, GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: port };
    await seedDemoData(config, () => undefined);
  });

  afterAll(async () => {
    await platform?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
    rmSync(config.MAIL_DROP_DIR, { recursive: true, force: true });
  });

  it('leaves 3 signed documents from 発注建設株式会社 waiting for 佐藤 二郎; a restart sends none, and tops up again after he took one', async () => {
    const first = recorder();
    expect(await prepareBulkSignDemo(startConfig, first.report)).toBe('ready');
    expect(first.lines).toEqual([
      {
        level: 'info',
        line: expect.stringMatching(
          /^demo: 一括署名（受取）のデモ文書 \/ demo documents for bulk signing: 3 waiting for U000006 佐藤 二郎 \(受領側受取待ち\), 3 sent now by 発注建設株式会社 \(\d{10}, \d{10}, \d{10}\) — log in as U000006 → 契約文書一括署名（受取）$/,
        ),
      },
    ]);

    // What the web UI's 一括署名（受取） finds: registered by 山田 太郎, signed by 田中 誠, sent to 佐藤 二郎.
    const sato = await bulkUser();
    const waiting = await candidates(sato);
    expect(waiting).toHaveLength(3);
    for (const contract of waiting) {
      expect(contract).toMatchObject({
        status: 'AWAITING_RECEIPT',
        signatureMode: 'BOTH',
        sender: { companyId: 'C000001', companyName: '発注建設株式会社', registrantUserId: 'U000002' },
        receiver: { companyId: 'C000002', recipientUserId: 'U000006' },
      });
      expect(contract.route).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ side: 'SENDER', role: 'SIGNER', userId: 'U000004', actedAt: expect.any(String) }),
        ]),
      );
    }
    expect(first.lines[0]?.line).toContain(waiting.map((contract) => contract.documentNumber).join(', '));
    // Each carries 田中 誠's real signature.
    const yamada = new HttpClient(baseUrl);
    expect((await yamada.login('U000002', DEMO_PASSWORD)).status).toBe(200);
    for (const contract of waiting) {
      const report = await yamada.post('/api/signing/validate', { sha256: contract.currentSha256 });
      expect(report.body).toMatchObject({ allValid: true, signatures: [expect.objectContaining({ status: expect.any(String) })] });
    }

    // A restart: 3 still wait, nothing is sent.
    const second = recorder();
    expect(await prepareBulkSignDemo(startConfig, second.report)).toBe('ready');
    expect(second.lines).toEqual([
      {
        level: 'info',
        line: 'demo: 一括署名（受取）のデモ文書 / demo documents for bulk signing: 3 already waiting for U000006 佐藤 二郎 (受領側受取待ち), none sent — log in as U000006 → 契約文書一括署名（受取）',
      },
    ]);
    expect(await candidates(sato)).toHaveLength(3);

    // 佐藤 takes one out of 受領側受取待ち: the next start sends one more, so 3 wait again.
    const taken = await sato.post(`/api/contracts/${waiting[0].contractId}/receive`, { route: { approvers: [], signer: 'U000006' } });
    expect(taken.status).toBe(200);
    expect(await candidates(sato)).toHaveLength(2);
    const third = recorder();
    expect(await prepareBulkSignDemo(startConfig, third.report)).toBe('ready');
    expect(third.lines).toEqual([
      { level: 'info', line: expect.stringContaining(': 3 waiting for U000006 佐藤 二郎 (受領側受取待ち), 1 sent now') },
    ]);
    expect(await candidates(sato)).toHaveLength(3);

    // Secrets read from mails were used, never printed.
    const secrets = await mailedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const printed = [...first.lines, ...second.lines, ...third.lines].map((entry) => entry.line).join('\n');
    for (const secret of [...secrets, DEMO_PASSWORD]) {
      expect(printed).not.toContain(secret);
    }
  });

  it('npm run demo -- --for-bulk-sign N sends N more; the next start then sends none', async () => {
    const before = (await candidates(await bulkUser())).length;
    const run = await demo(['--for-bulk-sign', '2', '--url', baseUrl]);
    expect({ code: run.code, output: run.output }).toEqual({
      code: 0,
      output: expect.stringMatching(
        new RegExp(`demo: 完了 / done — sent \\d{10}, \\d{10}; ${before + 2} waiting for U000006 佐藤 二郎 \\(受領側受取待ち\\)`),
      ),
    });
    expect(run.output).toContain(
      '署名（発信側） / signed by the sender signer and sent — U000004 田中 誠 → 受領側受取待ち (AWAITING_RECEIPT)',
    );
    for (const secret of await mailedSecrets()) {
      expect(run.output).not.toContain(secret);
    }
    expect(await candidates(await bulkUser())).toHaveLength(before + 2);

    const next = recorder();
    expect(await prepareBulkSignDemo(startConfig, next.report)).toBe('ready');
    expect(next.lines).toEqual([{ level: 'info', line: expect.stringContaining(`${before + 2} already waiting`) }]);

    const usage = await demo(['--for-bulk-sign', '0']);
    expect(usage.code).toBe(64);
    expect(usage.output).toContain('--for-bulk-sign must be a whole number from 1 to 200');
  });

  it('says in one line why it prepared nothing, and never throws: SMTP configured, unknown port, platform not answering', async () => {
    const smtp = recorder();
    expect(await prepareBulkSignDemo({ ...startConfig, SMTP_URL: 'smtp://mail.example.com:25' }, smtp.report)).toBe('skipped');
    expect(smtp.lines).toEqual([{ level: 'info', line: expect.stringContaining('skipped — SMTP_URL is set') }]);

    const randomPort = recorder();
    expect(await prepareBulkSignDemo({ ...startConfig, GATEWAY_PORT: 0 }, randomPort.report)).toBe('skipped');
    expect(randomPort.lines).toEqual([{ level: 'info', line: expect.stringContaining('skipped — GATEWAY_PORT is 0') }]);

    const down = recorder();
    const outcome = await prepareBulkSignDemo(startConfig, down.report, { baseUrl: 'http://127.0.0.1:1', healthTimeoutMs: 0 });
    expect(outcome).toBe('failed');
    expect(down.lines).toEqual([
      { level: 'warn', line: expect.stringContaining('not prepared / 用意できませんでした — no answer from http://127.0.0.1:1') },
    ]);
    expect(down.lines[0]?.line).not.toContain('\n');
    expect(down.lines[0]?.line).toContain('npm run demo -- --for-bulk-sign 3');
  });

  it('reaches the gateway on loopback when it listens on every address', () => {
    expect(localGatewayUrl({ GATEWAY_HOST: '0.0.0.0', GATEWAY_PORT: 3000 })).toBe('http://127.0.0.1:3000');
    expect(localGatewayUrl({ GATEWAY_HOST: '::', GATEWAY_PORT: 3000 })).toBe('http://[::1]:3000');
    expect(localGatewayUrl({ GATEWAY_HOST: '127.0.0.1', GATEWAY_PORT: 8080 })).toBe('http://127.0.0.1:8080');
    expect(localGatewayUrl({ GATEWAY_HOST: 'localhost', GATEWAY_PORT: 0 })).toBeUndefined();
  });
});
