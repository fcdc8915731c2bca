import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { sha256Hex } from '@app/blob-store';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { concludedContract, Registered } from './concluded-fixture';
import { checkScreen, watchConsole } from './screen-checks';
import { Chromium, DEMO_IDS, logIn, WebPlatform } from './web-platform';

/**
 * 長期保管文書 in a real Chromium against the real platform: the 電子帳簿保存法
 * search finds concluded contracts by amount range + counterparty and by
 * date range, not by a range that misses them; a range given upside down is
 * said on screen and not sent (and, typed into the URL, is the API's refusal
 * in words); sorting; the PDF, validation report and audit trail downloaded.
 */
describe('web UI: 長期保管文書 in Chromium', () => {
  let env: WebPlatform;
  let browser: Chromium;
  let a: Registered;
  let b: Registered;
  let c: Registered;

  beforeAll(async () => {
    env = await WebPlatform.start();
    browser = await Chromium.launch();
    // Concluding is the work of other people's paths: done through the API.
    a = await concludedContract(env, { name: 'Web長期保管 A', transactionDate: '2026-10-05', amount: 1_234_000 });
    b = await concludedContract(env, { name: 'Web長期保管 B', transactionDate: '2026-10-20', amount: 5_000_000 });
    c = await concludedContract(env, { name: 'Web長期保管 C', transactionDate: '2026-11-15', amount: 1_250_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  }, 60_000);

  const TABLE = '長期保管文書一覧';
  /** Waits until the result table lists exactly these documents, in this order (locators: the page's CSP refuses eval'd predicates). */
  const waitForRows = async (page: Page, numbers: string[]) => {
    const rows = `table[aria-label="${TABLE}"] tbody tr`;
    for (const [index, number] of numbers.entries()) {
      await page.locator(`${rows}:nth-child(${index + 1})[data-document-number="${number}"]`).waitFor();
    }
    await page.locator(`${rows}:nth-child(${numbers.length + 1})`).waitFor({ state: 'detached' });
  };
  const search = (page: Page) => page.getByRole('form', { name: '検索条件' }).getByRole('button', { name: '検索' }).click();
  const clear = (page: Page) => page.getByRole('button', { name: '条件をクリア' }).click();
  const amountFrom = (page: Page) => page.getByLabel('取引金額（円）（から）');
  const amountTo = (page: Page) => page.getByLabel('取引金額（円）（まで）');
  const dateFrom = (page: Page) => page.getByLabel('取引年月日（から）');
  const dateTo = (page: Page) => page.getByLabel('取引年月日（まで）');

  it('finds a concluded contract by amount range + counterparty and by date range, not by a wrong range; sorts; downloads its files', async () => {
    const page = await browser.open(`${env.baseUrl}/archive`);
    const consoleErrors = watchConsole(page);
    const archiveRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/archive') {
        archiveRequests.push(request.url());
      }
    });
    await logIn(page, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await page.getByRole('heading', { name: '長期保管文書', level: 1 }).waitFor();
    // Without conditions: every concluded contract, newest transaction first.
    await waitForRows(page, [c.documentNumber, b.documentNumber, a.documentNumber]);
    expect(await page.getByTestId('archive-count').textContent()).toBe('3件中 1～3件目を表示');
    await checkScreen(page, 'archive');

    // Amount range + counterparty: A and C (1,234,000 and 1,250,000), not B.
    await amountFrom(page).fill('1200000');
    await amountTo(page).fill('1300000');
    await page.getByLabel('取引先企業名').fill('受注工務店');
    await search(page);
    await waitForRows(page, [c.documentNumber, a.documentNumber]);
    expect(new URL(page.url()).searchParams.get('amountMin')).toBe('1200000');
    const rowA = page.locator(`tr[data-document-number="${a.documentNumber}"]`);
    expect(await rowA.textContent()).toContain('株式会社受注工務店');
    expect(await rowA.textContent()).toContain('1,234,000円');
    expect(await rowA.textContent()).toContain('2026/10/05');

    // The same amounts with another counterparty: nothing.
    await page.getByLabel('取引先企業名').fill('存在しない商事');
    await search(page);
    await page.getByTestId('empty-state').filter({ hasText: '該当する契約文書はありません' }).waitFor();

    // Date range: October holds A and B.
    await clear(page);
    await waitForRows(page, [c.documentNumber, b.documentNumber, a.documentNumber]);
    await dateFrom(page).fill('2026-10-01');
    await dateTo(page).fill('2026-10-31');
    await search(page);
    await waitForRows(page, [b.documentNumber, a.documentNumber]);

    // A range that misses them all (after the last one): nothing found.
    await dateFrom(page).fill('2026-11-16');
    await dateTo(page).fill('2026-12-31');
    await search(page);
    await page.getByTestId('empty-state').waitFor();

    // Upside down: said under the range, nothing sent.
    await dateFrom(page).fill('2026-10-31');
    await dateTo(page).fill('2026-10-01');
    const upsideDown = page.locator('[data-error-code="RANGE_UPSIDE_DOWN"]');
    await upsideDown.waitFor();
    expect(await upsideDown.textContent()).toBe('取引年月日の範囲が逆です。「から」には「まで」以前の値を入力してください。');
    const sent = archiveRequests.length;
    const before = page.url();
    await search(page);
    await amountFrom(page).fill('2000000');
    await amountTo(page).fill('1000000');
    await page.locator('[data-error-code="RANGE_UPSIDE_DOWN"]').nth(1).waitFor();
    await search(page);
    expect(archiveRequests.length).toBe(sent);
    expect(page.url()).toBe(before);
    await checkScreen(page, 'archive-upside-down');

    // Sorting: by amount, ascending (A, C, B).
    await clear(page);
    await page.getByLabel('並び替え').selectOption('amount');
    await page.getByLabel('順序').selectOption('asc');
    await waitForRows(page, [a.documentNumber, c.documentNumber, b.documentNumber]);

    // Downloads: the concluded PDF exactly as archived, the validation report, the audit trail.
    const archived = (await (await env.demoUser(DEMO_IDS.senderRegistrant)).get(`/api/archive/${a.contractId}`)).body;
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      rowA.getByRole('button', { name: `締結済PDF ${a.documentNumber}` }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${a.documentNumber}.pdf`);
    expect(sha256Hex(readFileSync(await pdf.path()))).toBe(archived.sha256);
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      rowA.getByRole('button', { name: `検証レポート ${a.documentNumber}` }).click(),
    ]);
    expect(report.suggestedFilename()).toBe(`${a.documentNumber}-validation-report.json`);
    const reportJson = JSON.parse(readFileSync(await report.path(), 'utf8'));
    expect(reportJson).toMatchObject({ contractId: a.contractId, documentNumber: a.documentNumber, sha256: archived.sha256 });
    // 長期署名: the row shows the level and 原本性保証期限 of its archive record.
    expect(archived.longTerm).toMatchObject({ level: 'B-LTA', generation: 0 });
    await rowA.getByRole('cell', { name: 'PAdES B-LTA', exact: true }).waitFor();
    const proofUntil = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date(archived.longTerm.proofUntil))
      .replaceAll('-', '/');
    await rowA.getByRole('cell', { name: proofUntil, exact: true }).waitFor();
    const [audit] = await Promise.all([
      page.waitForEvent('download'),
      rowA.getByRole('button', { name: `監査証跡 ${a.documentNumber}` }).click(),
    ]);
    expect(audit.suggestedFilename()).toBe(`${a.documentNumber}-audit-trail.pdf`);
    expect(
      readFileSync(await audit.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    await page
      .getByTestId('announcer')
      .filter({ hasText: `${a.documentNumber}-audit-trail.pdf をダウンロードしました。` })
      .waitFor();

    // A row opens 契約文書情報, whose 戻る comes back to the same search.
    const searchUrl = page.url();
    await rowA.getByRole('link', { name: a.documentNumber }).click();
    await page.getByRole('heading', { name: '契約文書情報', exact: true }).waitFor();
    await page.getByRole('button', { name: '戻る' }).click();
    await page.getByRole('heading', { name: '長期保管文書', level: 1 }).waitFor();
    expect(page.url()).toBe(searchUrl);
    await waitForRows(page, [a.documentNumber, c.documentNumber, b.documentNumber]);
    consoleErrors.check();
    consoleErrors.stop();

    // An upside-down range typed into the URL reaches the API, whose refusal is shown as sentences naming the field.
    const refused = watchConsole(page);
    await page.goto(`${env.baseUrl}/archive?amountMin=5000&amountMax=10`);
    const alert = page.locator('.error-box[data-error-code="VALIDATION_FAILED"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('取引金額（から）: 取引金額の下限は上限と同じか、それより小さい金額にしてください');
    refused.check([/status of 400/]);
    refused.stop();
  }, 240_000);
});
