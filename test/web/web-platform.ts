import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { AppConfig } from '@app/config';
import { DatabaseHandle, openDatabase } from '@app/db';
import { createTestDatabase, deleteRedisKeys, deleteTopology, dropTestDatabase, HttpClient, SmtpCapture, testConfig } from '@app/testing';
import { RunningPlatform, startPlatform } from '@test/support/platform';
import { DEMO_PASSWORD, DEMO_RECEIVER, DEMO_SENDER } from '@apps/identity/src/demo/demo-companies';
import { seedDemoData } from '@scripts/seed';
import { BULK_TEST_SETTINGS, WorkerProcess } from '../bulk-sign/bulk-fixture';
import { pdfBase64 } from '../contract-workflow/workflow-fixture';

const ROOT = path.resolve(__dirname, '../..');

/** The demo cast's IDs in a freshly seeded database (README, Accounts and access). */
export const DEMO_IDS = {
  senderRegistrant: 'U000002',
  senderSigner: 'U000004',
  receiverCompany: 'C000002',
  receiverAdmin: 'U000005',
  bulkUser: 'U000006',
  receiverApprover: 'U000007',
} as const;

const emailOf = (company: typeof DEMO_SENDER, name: string): string => company.users.find((user) => user.name === name)!.email;
export const DEMO_EMAILS = {
  senderSigner: emailOf(DEMO_SENDER, '田中 誠'),
  bulkUser: emailOf(DEMO_RECEIVER, '佐藤 二郎'),
};

/** The web UI built by Vite into its own folder, as `npm run build` builds dist/web. */
async function buildWeb(outDir: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'apps/web/vite.config.mjs',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT },
  );
}

/**
 * The whole platform on the real PostgreSQL, RabbitMQ and Redis (own database
 * and prefixes), mail to a real SMTP server, one signing-worker process, the
 * demo data seeded, and the gateway serving a fresh build of the web UI.
 */
export class WebPlatform {
  private constructor(
    readonly config: AppConfig,
    readonly smtp: SmtpCapture,
    readonly platform: RunningPlatform,
    readonly worker: WorkerProcess,
    readonly database: DatabaseHandle,
    readonly baseUrl: string,
    private readonly webRoot: string,
  ) {}

  static async start(): Promise<WebPlatform> {
    const webRoot = mkdtempSync(path.join(os.tmpdir(), 'inkan-web-'));
    const smtp = await SmtpCapture.start();
    const config = testConfig({ SMTP_URL: smtp.url, LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...BULK_TEST_SETTINGS });
    await Promise.all([buildWeb(webRoot), createTestDatabase(config)]);
    const platform = await startPlatform(() => config, { webRoot });
    await seedDemoData(config, () => undefined);
    const worker = await WorkerProcess.start(config);
    const database = openDatabase(config.DATABASE_URL, { poolSize: 2 });
    const { port } = platform.gateway.getHttpServer().address() as AddressInfo;
    return new WebPlatform(config, smtp, platform, worker, database, `http://127.0.0.1:${port}`, webRoot);
  }

  async demoUser(userId: string): Promise<HttpClient> {
    const client = new HttpClient(this.baseUrl);
    expect((await client.login(userId, DEMO_PASSWORD)).status).toBe(200);
    return client;
  }

  /** The password of the first 「署名用パスワード」 mail to `email` that lists every one of `documentNumbers`, from mail `after` on. */
  async signingPassword(email: string, documentNumbers: string[], after: number): Promise<string> {
    const mail = await this.smtp.waitFor(
      (m) =>
        m.envelope.to.includes(email) &&
        m.subject.includes('署名用パスワード') &&
        this.smtp.messages.indexOf(m) >= after &&
        documentNumbers.every((number) => m.text.includes(number)),
    );
    const value = /署名用パスワード: (\S+)/.exec(mail.text)?.[1];
    if (!value) {
      throw new Error(`no signing password in "${mail.subject}"`);
    }
    return value;
  }

  /** Contracts 山田 太郎 registered for 佐藤 二郎 and did not submit: 登録中, in his マイリスト and unseen by the receiver. */
  async drafts(count: number, name: string): Promise<{ contractId: string; documentNumber: string }[]> {
    const registrant = await this.demoUser(DEMO_IDS.senderRegistrant);
    const pdf = await pdfBase64();
    const made: { contractId: string; documentNumber: string }[] = [];
    for (let index = 0; index < count; index += 1) {
      const registered = await registrant.post('/api/contracts', {
        pdfBase64: pdf,
        name: `${name} ${index + 1}`,
        counterpartyCompanyId: DEMO_IDS.receiverCompany,
        recipientUserId: DEMO_IDS.bulkUser,
        senderSide: index % 2 === 0 ? 'ORDERER' : 'CONTRACTOR',
        transactionDate: '2026-11-20',
        amount: 1_000_000 + index,
        route: { approvers: [], signer: DEMO_IDS.senderSigner },
      });
      expect(registered.status).toBe(201);
      made.push({ contractId: registered.body.contractId, documentNumber: registered.body.documentNumber });
    }
    return made;
  }

  /** Contracts from 発注建設株式会社 to 佐藤 二郎, registered, submitted and signed by the sender: 受領側受取待ち. */
  async awaitingReceipt(count: number, name: string): Promise<{ contractId: string; documentNumber: string }[]> {
    const registrant = await this.demoUser(DEMO_IDS.senderRegistrant);
    const signer = await this.demoUser(DEMO_IDS.senderSigner);
    const { items } = (await signer.get('/api/certificates')).body as { items: { serialNumber: string }[] };
    const made = await this.drafts(count, name);
    for (const { contractId, documentNumber } of made) {
      const mark = this.smtp.messages.length;
      expect((await registrant.post(`/api/contracts/${contractId}/submit`)).body.status).toBe('SENDER_SIGNATURE');
      const signingPassword = await this.signingPassword(DEMO_EMAILS.senderSigner, [documentNumber], mark);
      const signed = await signer.post(`/api/contracts/${contractId}/sign`, { serialNumber: items[0].serialNumber, signingPassword });
      expect(signed.body.status).toBe('AWAITING_RECEIPT');
    }
    return made;
  }

  async query<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
    return (await this.database.db.execute(statement)).rows as T[];
  }

  async close(): Promise<void> {
    await this.worker.kill();
    await this.platform.close();
    await this.database.close();
    await this.smtp.close();
    await deleteTopology(this.config);
    await dropTestDatabase(this.config);
    await deleteRedisKeys(this.config);
    rmSync(this.webRoot, { recursive: true, force: true });
  }
}

/** ログイン as the screen asks for it: 利用者ID, パスワード, ログイン. */
export async function logIn(page: Page, userId: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await page.getByLabel('利用者ID').fill(userId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

/** Debian's Chromium, headless, with a fresh profile; no browser download. */
export class Chromium {
  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<Chromium> {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'inkan-chromium-'));
    // launchPersistentContext passes the fresh profile as --user-data-dir.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // Generous for a loaded CI machine (two test files at a time on two cores); a real hang still fails.
    context.setDefaultTimeout(30_000);
    const page = context.pages()[0] ?? (await context.newPage());
    return new Chromium(context, page, profile);
  }

  /** A fresh start at `url`: no session cookie, the app loaded anew. */
  async open(url: string): Promise<Page> {
    await this.context.clearCookies();
    await this.page.goto(url);
    return this.page;
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
