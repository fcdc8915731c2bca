import { readFileSync, writeFileSync } from 'node:fs';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { tempDir } from '@apps/signing/test/signing-fixtures';
import jaRegister from '@apps/web/src/i18n/ja/contract-register';
import { scannedPdf } from '../contract-workflow/large-pdf';
import { ContractScreen, fill, JA, pickRoute, sha256 } from './contract-path-steps';
import { watchConsole } from './screen-checks';
import { Chromium, DEMO_IDS, WebPlatform } from './web-platform';

const MiB = 1024 * 1024;

/**
 * 契約文書登録 with large files, in Chromium against the real platform: the
 * limit is said before anything is chosen; a PDF over it is refused on screen
 * with a sentence and never sent; a 30 MiB PDF uploads (over a link throttled
 * to a broadband's upload speed, as from an office) with its progress shown
 * and announced as it rises, then opens the registered contract.
 */
describe('web UI: 契約文書登録 of large PDFs', () => {
  let env: WebPlatform;
  let browser: Chromium;
  const dir = tempDir();
  const tooLarge = dir.file('図面一式.pdf');
  const large = dir.file('図面付き契約書.pdf');

  beforeAll(async () => {
    // Made before the platform starts: building 80 MiB of PDF holds this process (where the services run) for seconds.
    writeFileSync(tooLarge, await scannedPdf(50 * MiB + 1));
    writeFileSync(large, await scannedPdf(30 * MiB));
    env = await WebPlatform.start();
    browser = await Chromium.launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    dir.remove();
  }, 60_000);

  /** 契約文書登録 opened by 山田 太郎 (through ログイン), its contract information filled. */
  const openRegistration = async (name: string) => {
    const page = await browser.open(`${env.baseUrl}/contracts/new`);
    const screen = new ContractScreen(page, env, JA);
    await screen.logIn(DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await page.getByRole('heading', { name: jaRegister.title, exact: true }).waitFor();
    await page.getByLabel(jaRegister.fields.name).fill(name);
    await page.getByLabel(jaRegister.fields.counterpartyCompanyId).fill(DEMO_IDS.receiverCompany);
    await page.getByLabel(jaRegister.fields.recipientUserId).fill(DEMO_IDS.bulkUser);
    await page.getByRole('radio', { name: '発注側' }).check();
    await page.getByLabel(jaRegister.fields.transactionDate).fill('2026-12-15');
    await page.getByLabel(jaRegister.fields.amount).fill('98,000,000');
    await pickRoute(page.getByRole('group', { name: jaRegister.route, exact: true }), JA, [], screen.person(DEMO_IDS.senderSigner));
    return { page, screen };
  };

  /** Every POST /api/contracts the page makes from now on. */
  const uploadsOf = (page: Awaited<ReturnType<typeof openRegistration>>['page']) => {
    const seen: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/contracts') {
        seen.push(request.url());
      }
    });
    return seen;
  };

  it('says the limit before upload and refuses a PDF over it with a sentence, sending nothing', async () => {
    const { page } = await openRegistration('大きすぎる図面');
    const consoleErrors = watchConsole(page);
    const uploads = uploadsOf(page);
    await page.getByText(fill(jaRegister.pdf.hint, { limit: '50' }), { exact: true }).waitFor();

    await page.getByLabel(jaRegister.pdf.label).setInputFiles(tooLarge);
    const refusal = page.getByTestId('pdf-drop-zone').getByRole('alert');
    // One byte over 50 MiB reads as 50.1 MB, never as the limit itself.
    await refusal.filter({ hasText: fill(jaRegister.pdf.tooLarge, { size: '50.1', limit: '50' }) }).waitFor();
    expect(await page.getByLabel(jaRegister.pdf.label).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: jaRegister.register, exact: true }).click();
    // 登録 answers on the screen at once: the sentence stays, no progress appears, the screen stays.
    await refusal.waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/contracts/new');
    expect(uploads).toEqual([]);
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    const drafts = (await registrant.get('/api/contracts?scope=COMPANY&status=DRAFT')).body;
    expect(drafts.items.map((contract: { name: string }) => contract.name)).not.toContain('大きすぎる図面');
    consoleErrors.check();
  }, 240_000);

  it('uploads a 30 MiB PDF with its progress shown and announced as it rises, then opens the registered contract', async () => {
    const { page, screen } = await openRegistration('図面付き 工事請負契約');
    const consoleErrors = watchConsole(page);
    const uploads = uploadsOf(page);
    await page.getByLabel(jaRegister.pdf.label).setInputFiles(large);
    await page.getByTestId('pdf-chosen').filter({ hasText: '図面付き契約書.pdf' }).waitFor();

    // Every value the progress bar and the live region take, as the page draws them.
    await page.evaluate(`(() => {
      const seen = { values: [], texts: [], announced: [] };
      window.__uploadSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="upload-progress"] progress');
        if (bar && seen.values[seen.values.length - 1] !== bar.value) {
          seen.values.push(bar.value);
          seen.texts.push(bar.getAttribute('aria-valuetext') ?? bar.parentElement.textContent);
        }
        const said = document.querySelector('[data-testid="announcer"]').textContent;
        if (said && seen.announced[seen.announced.length - 1] !== said) {
          seen.announced.push(said);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    // An office line's upload speed (4 MiB/s): the 30 MiB take seconds, as they would for a person.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 4 * MiB,
    });
    try {
      await page.getByRole('button', { name: jaRegister.register, exact: true }).click();
      await page.getByRole('progressbar', { name: jaRegister.progressLabel }).waitFor();
      await page.getByRole('heading', { name: JA.contracts.title, exact: true }).waitFor({ timeout: 120_000 });
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    await screen.waitForStatus('DRAFT');

    const seen = await page.evaluate<{ values: number[]; texts: string[]; announced: string[] }>('window.__uploadSeen');
    const between = seen.values.filter((value) => value > 0 && value < 100);
    // Rising through several steps, never back.
    expect(new Set(between).size).toBeGreaterThanOrEqual(3);
    expect(seen.values).toEqual([...seen.values].sort((a, b) => a - b));
    expect(seen.texts.some((text) => text.includes('/ 30 MB'))).toBe(true);
    const percents = seen.announced.filter((text) => /^アップロード \d+% 完了$/.test(text));
    expect(percents.length).toBeGreaterThanOrEqual(2);
    expect(seen.announced).toContain(jaRegister.uploading);
    expect(uploads).toHaveLength(1);

    const contractId = /\/contracts\/([0-9a-f-]{36})/.exec(page.url())![1];
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    const registered = (await registrant.get(`/api/contracts/${contractId}`)).body;
    expect(registered).toMatchObject({
      name: '図面付き 工事請負契約',
      amount: 98_000_000,
      status: 'DRAFT',
      uploadSha256: sha256(readFileSync(large)),
    });
    expect(seen.announced).toContain(fill(jaRegister.done, { documentNumber: registered.documentNumber }));
    consoleErrors.check();
  }, 300_000);
});
