import { Page } from 'playwright-core';
import { sha256Hex } from '@app/blob-store';
import { HttpClient } from '@app/testing';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { Chromium, DEMO_IDS, logIn, WebPlatform } from './web-platform';

/**
 * The web UI in a real Chromium against the real platform: マイリスト pages
 * with 前へ / 次へ, and 契約文書情報 (the contract's fields and its PDF)
 * opened from マイリスト and from 契約文書一括署名（受取）選択, with 戻る
 * returning to the page and the search the user came from.
 */
describe('web UI: マイリスト paging and 契約文書情報 in Chromium', () => {
  let env: WebPlatform;
  let browser: Chromium;

  beforeAll(async () => {
    env = await WebPlatform.start();
    browser = await Chromium.launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  }, 60_000);

  const PAGE_SIZE = 20;
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(Date.now()).replaceAll('-', '/');
  const pathOf = (page: Page) => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  };
  const rowsOf = (page: Page, table: string) => page.getByRole('table', { name: table }).locator('tbody tr').allTextContents();
  const infoHeading = (page: Page) => page.getByRole('heading', { name: '契約文書情報', exact: true });
  /** 契約文書情報's fields, label → value. */
  const fieldsOf = async (page: Page): Promise<Record<string, string>> => {
    const info = page.getByTestId('contract-info');
    await info.waitFor();
    const labels = await info.locator('dt').allTextContents();
    const values = await info.locator('dd').allTextContents();
    return Object.fromEntries(labels.map((label, index) => [label, values[index]]));
  };
  /** The PDF's bytes as the API serves them to `client`. */
  const servedPdf = async (client: HttpClient, contractId: string): Promise<Buffer> => {
    const response = await fetch(`${env.baseUrl}/api/contracts/${contractId}/pdf`, { headers: { cookie: client.cookie! } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };
  /** What a blob: URL of the page holds, or the failure of fetching it once it is revoked. */
  const blobOf = (page: Page, url: string) =>
    page.evaluate(async (src) => {
      try {
        const blob = await (await fetch(src)).blob();
        const bytes = new Uint8Array(await blob.arrayBuffer());
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        return { type: blob.type, size: bytes.length, sha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('') };
      } catch (error) {
        return { failed: String(error) };
      }
    }, url);

  it('pages マイリスト with 前へ / 次へ as the API pages it, and 戻る from a document returns to that page', async () => {
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    await env.drafts(45, 'Webページ契約');
    const apiPage = async (number: number) =>
      (await registrant.get(`/api/contracts?scope=MY_LIST&page=${number}&pageSize=${PAGE_SIZE}`)).body;
    const total: number = (await apiPage(1)).total;
    expect(total).toBeGreaterThanOrEqual(45);
    const pages = Math.ceil(total / PAGE_SIZE);

    const page = await browser.open(`${env.baseUrl}/`);
    await logIn(page, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    const previous = page.getByRole('button', { name: '前へ' });
    const next = page.getByRole('button', { name: '次へ' });

    /** The screen shows page `number`: its counts, its position, and the API's rows of that page in order. */
    const shows = async (number: number) => {
      const from = (number - 1) * PAGE_SIZE + 1;
      const to = Math.min(number * PAGE_SIZE, total);
      const counts = `${total}件中 ${from}～${to}件目を表示`;
      await page.getByTestId('my-list-count').filter({ hasText: counts }).waitFor();
      expect(await page.getByTestId('my-list-count').textContent()).toBe(counts);
      expect(await page.getByTestId('page-position').textContent()).toBe(`${number} / ${pages}ページ`);
      expect(pathOf(page)).toBe(number === 1 ? '/' : `/?page=${number}`);
      const expected = (await apiPage(number)).items.map(
        (item: any, index: number) =>
          `${from + index}${item.documentNumber}${item.name}${item.counterparty.companyName}${item.counterparty.sideLabel}${item.statusLabel}`,
      );
      expect(expected).toHaveLength(to - from + 1);
      expect(await rowsOf(page, 'マイリスト')).toEqual(expected);
      expect(await previous.isDisabled()).toBe(number === 1);
      expect(await next.isDisabled()).toBe(number === pages);
    };

    await shows(1);
    for (let number = 2; number <= pages; number += 1) {
      await next.click();
      await shows(number);
    }
    await previous.click();
    await shows(pages - 1);

    // A document of this page, then 戻る: the same page again; a reload keeps it too.
    const row = page.getByRole('table', { name: 'マイリスト' }).locator('tbody tr').nth(3);
    const documentNumber = (await row.locator('td').nth(1).textContent())!;
    await row.getByRole('link', { name: documentNumber, exact: true }).click();
    await infoHeading(page).waitFor();
    expect((await fieldsOf(page))['文書管理番号']).toBe(documentNumber);
    expect((await fieldsOf(page))['ステータス']).toBe('登録中');
    await page.getByRole('button', { name: '戻る' }).click();
    await shows(pages - 1);
    await page.reload();
    await shows(pages - 1);
  }, 180_000);

  it('opens 契約文書情報 from マイリスト with the fields, the PDF the API serves in a blob: frame, and 戻る; an unseen contract is the API 404', async () => {
    const [first, second] = await env.awaitingReceipt(2, 'Web確認契約');
    const bulkUser = await env.demoUser(DEMO_IDS.bulkUser);
    const page = await browser.open(`${env.baseUrl}/`);
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();

    // 文書管理番号 opens it, as the manual clicks it.
    const pdfResponse = page.waitForResponse(`${env.baseUrl}/api/contracts/${first.contractId}/pdf`);
    await page.getByRole('table', { name: 'マイリスト' }).getByRole('link', { name: first.documentNumber, exact: true }).click();
    await infoHeading(page).waitFor();
    const contract = (await bulkUser.get(`/api/contracts/${first.contractId}`)).body;
    expect(await fieldsOf(page)).toEqual({
      文書管理番号: first.documentNumber,
      契約文書名称: 'Web確認契約 1',
      署名有無: '双方署名有り',
      取引先企業名: '発注建設株式会社',
      取引先受発注区分: '発注側',
      ステータス: '受領側受取待ち',
      発信者: '発注建設株式会社',
      受信者: '株式会社受注工務店',
      取引年月日: '2026/11/20',
      取引金額: '1,000,000円',
      登録日: today(),
      更新日: today(),
    });
    expect(contract.statusLabel).toBe('受領側受取待ち');

    // The PDF: fetched with the session, shown from a blob: URL holding exactly the API's bytes.
    const response = await pdfResponse;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const served = await servedPdf(bulkUser, first.contractId);
    expect(served.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await response.body()).equals(served)).toBe(true);
    expect(sha256Hex(served)).toBe(contract.currentSha256);
    const frame = page.locator('iframe[title="契約文書PDF"]');
    await frame.waitFor();
    const src = (await frame.getAttribute('src'))!;
    expect(src).toMatch(new RegExp(`^blob:${env.baseUrl}/[0-9a-f-]{36}$`));
    expect(await blobOf(page, src)).toEqual({ type: 'application/pdf', size: served.length, sha256: sha256Hex(served) });
    const download = page.getByRole('link', { name: `PDFをダウンロード（${first.documentNumber}.pdf）` });
    expect(await download.getAttribute('href')).toBe(src);
    expect(await download.getAttribute('download')).toBe(`${first.documentNumber}.pdf`);

    // 戻る: トップページ again, and the PDF's URL is revoked with the screen.
    await page.getByRole('button', { name: '戻る' }).click();
    await page.getByTestId('my-list-count').waitFor();
    expect(pathOf(page)).toBe('/');
    expect(await blobOf(page, src)).toEqual({ failed: expect.stringContaining('Failed to fetch') });

    // 契約文書名称 opens it too.
    await page.getByRole('table', { name: 'マイリスト' }).getByRole('link', { name: 'Web確認契約 2', exact: true }).click();
    await infoHeading(page).waitFor();
    expect(await fieldsOf(page)).toMatchObject({
      文書管理番号: second.documentNumber,
      取引先受発注区分: '受注側',
      取引金額: '1,000,001円',
    });
    await page.locator('iframe[title="契約文書PDF"]').waitFor();

    // A draft of the sender is not the receiver's to see: the API's 404, no fields, no PDF, and 戻る still works.
    const [hidden] = await env.drafts(1, 'Web非公開契約');
    expect((await bulkUser.get(`/api/contracts/${hidden.contractId}`)).status).toBe(404);
    await page.goto(`${env.baseUrl}/contracts/${hidden.contractId}?from=%2F`);
    await infoHeading(page).waitFor();
    await page.getByRole('alert').filter({ hasText: '対象が見つかりません。' }).waitFor();
    expect(await page.getByRole('alert').getAttribute('data-error-code')).toBe('NOT_FOUND');
    expect(await page.getByTestId('contract-info').count()).toBe(0);
    expect(await page.locator('iframe').count()).toBe(0);
    await page.getByRole('button', { name: '戻る' }).click();
    await page.getByTestId('my-list-count').waitFor();
    expect(pathOf(page)).toBe('/');
  }, 180_000);

  it('opens 契約文書情報 from 契約文書一括署名（受取）選択, and 戻る returns to the same search with the same choice', async () => {
    const documents = await env.awaitingReceipt(2, 'Web選択契約');
    const page = await browser.open(`${env.baseUrl}/bulk-sign`);
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await page.getByRole('heading', { name: '契約文書一括署名（受取）選択' }).waitFor();
    await page.getByLabel('契約文書名称').fill('Web選択契約');
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByTestId('result-count').filter({ hasText: '2件中2件を表示' }).waitFor();
    await page.getByRole('checkbox', { name: `${documents[1].documentNumber} を選択` }).check();
    await page.getByText('1件選択中').waitFor();

    await page.getByRole('table', { name: '検索結果' }).getByRole('link', { name: 'Web選択契約 1', exact: true }).click();
    await infoHeading(page).waitFor();
    expect(await fieldsOf(page)).toMatchObject({ 文書管理番号: documents[0].documentNumber, ステータス: '受領側受取待ち' });
    expect(await page.locator('iframe[title="契約文書PDF"]').getAttribute('src')).toMatch(/^blob:/);

    await page.getByRole('button', { name: '戻る' }).click();
    await page.getByRole('heading', { name: '契約文書一括署名（受取）選択' }).waitFor();
    expect(pathOf(page)).toBe('/bulk-sign');
    await page.getByTestId('result-count').filter({ hasText: '2件中2件を表示' }).waitFor();
    expect(await page.getByLabel('契約文書名称').inputValue()).toBe('Web選択契約');
    expect(await page.getByRole('checkbox', { name: `${documents[0].documentNumber} を選択` }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: `${documents[1].documentNumber} を選択` }).isChecked()).toBe(true);
    expect(await page.getByText('1件選択中').count()).toBe(1);
  }, 180_000);
});
