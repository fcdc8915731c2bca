import { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { checkScreen, logInOnScreen, watchConsole } from './screen-checks';
import { Chromium, DEMO_IDS, logIn, WebPlatform } from './web-platform';

/**
 * The web UI's frame in a real Chromium against the real platform: history
 * routing and deep links (a mail's `/contracts/<文書管理番号>` through ログイン
 * and back), the menu by role, option and kind of account, dropdowns that
 * close on a click outside and on Escape, the focus on each new screen's
 * heading, and every screen of the frame at 375 px and through axe-core,
 * with no console error on the way.
 */
describe('web UI: shell, routing and deep links in Chromium', () => {
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

  const pathOf = (page: Page) => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  };
  const menuOf = (page: Page) => page.getByRole('navigation', { name: 'メニュー' });
  /** The menu's entries as a person sees them: top-level items, each ▼ group's links listed after it (opened one by one). */
  const visibleMenu = async (page: Page): Promise<string[]> => {
    const menu = menuOf(page);
    const seen: string[] = [];
    for (const item of await menu.locator('.menu-bar > li').all()) {
      const button = item.locator('> button.menu-button');
      if ((await button.count()) === 0) {
        seen.push((await item.textContent())!.trim());
        continue;
      }
      seen.push((await button.textContent())!.trim());
      await button.click();
      for (const link of await item.getByRole('link').all()) {
        seen.push(`  ${(await link.textContent())!.trim()}`);
      }
      await page.keyboard.press('Escape');
    }
    return seen;
  };
  /** The seed's order of the menu bar's entries (of those a person sees). */
  const SEED_ORDER = ['トップページ', '契約締結▼', 'テンプレート管理', '長期保管文書', '証明書管理▼', '個人設定▼', 'ログアウト'];
  /** The entries a person must see and must not see, and the seed's order among those seen. */
  const expectMenu = (seen: string[], shows: string[], hides: string[]) => {
    expect({ missing: shows.filter((entry) => !seen.includes(entry)), unexpected: hides.filter((entry) => seen.includes(entry)) }).toEqual({
      missing: [],
      unexpected: [],
    });
    expect(seen.filter((entry) => SEED_ORDER.includes(entry))).toEqual(SEED_ORDER.filter((entry) => seen.includes(entry)));
  };
  /** ログアウト from the menu, finished: the session is over on the server before the next step. */
  const logOut = async (page: Page) => {
    await menuOf(page).getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  };
  const focusedText = (page: Page) => page.evaluate<string>('`${document.activeElement.tagName}:${document.activeElement.textContent}`');

  it('serves the UI for screen paths and keeps the API, health and missing files as they are', async () => {
    for (const screen of ['/', '/login', '/certificates', '/contracts/0000000283', '/bulk-sign/sessions/x']) {
      const response = await fetch(`${env.baseUrl}${screen}`);
      expect({ screen, status: response.status, type: response.headers.get('content-type') }).toEqual({
        screen,
        status: 200,
        type: 'text/html; charset=utf-8',
      });
      const html = await response.text();
      expect(html).toContain('<div id="root"></div>');
      // No inline script or style: the strict CSP allows only the bundle's own files.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|style=/);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    const unknownApi = await fetch(`${env.baseUrl}/api/no-such-thing`);
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as any).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${env.baseUrl}/api`)).status).toBe(404);
    expect((await fetch(`${env.baseUrl}/assets/no-such-file.js`)).status).toBe(404);
    expect((await fetch(`${env.baseUrl}/health`)).headers.get('content-type')).toContain('application/json');
    const favicon = await fetch(`${env.baseUrl}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toContain('image/svg+xml');
    // The session probe of a logged-out page answers 200, so the browser logs no failed request.
    const probe = await fetch(`${env.baseUrl}/api/auth/session-state`);
    expect(probe.status).toBe(200);
    expect(await probe.json()).toEqual({ session: null });
  });

  it('takes a mail link to a contract through ログイン and back to it, with no console error; a foreign next= stays home', async () => {
    const [contract] = await env.awaitingReceipt(1, 'Webメール契約');
    const page = await browser.open(`${env.baseUrl}/contracts/${contract.documentNumber}`);
    const consoleErrors = watchConsole(page);
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    expect(pathOf(page)).toBe(`/login?next=${encodeURIComponent(`/contracts/${contract.documentNumber}`)}`);
    await checkScreen(page, 'login');
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await page.getByRole('heading', { name: '契約文書情報', exact: true }).waitFor();
    expect(pathOf(page)).toBe(`/contracts/${contract.documentNumber}`);
    const info = page.getByTestId('contract-info');
    await info.waitFor();
    expect(await info.textContent()).toContain(`文書管理番号${contract.documentNumber}`);
    await page.locator('iframe[title="契約文書PDF"]').waitFor();
    expect(await focusedText(page)).toBe('H1:契約文書情報');
    await checkScreen(page, 'contract');
    // 戻る from a mail link: トップページ.
    await page.getByRole('button', { name: '戻る' }).click();
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expect(pathOf(page)).toBe('/');
    consoleErrors.check();
    consoleErrors.stop();

    // A number that is no contract of the company is the API's 404, said as a sentence.
    await page.goto(`${env.baseUrl}/contracts/9999999999`);
    await page.getByRole('alert').filter({ hasText: '対象が見つかりません。' }).waitFor();

    // next= naming another site is ignored.
    await browser.open(`${env.baseUrl}/login?next=${encodeURIComponent('//evil.example/x')}`);
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expect(pathOf(page)).toBe('/');
  }, 180_000);

  it('starts the next person at トップページ after ログアウト, not on the screen the last one left', async () => {
    const [contract] = await env.awaitingReceipt(1, 'Webログアウト契約');
    const page = await browser.open(`${env.baseUrl}/contracts/${contract.documentNumber}`);
    const consoleErrors = watchConsole(page);
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await page.getByRole('heading', { name: '契約文書情報', exact: true }).waitFor();
    await logOut(page);
    expect(pathOf(page)).toBe('/login');
    // The next person (another company's) lands on their own トップページ, with nothing of the last one's screens.
    await logIn(page, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ', exact: true }).waitFor();
    expect(pathOf(page)).toBe('/');
    expect(await page.getByTestId('who').textContent()).toContain('発注建設株式会社');
    consoleErrors.check();
  }, 180_000);

  it('shows each person the menu entries they may use and none they may not, one dropdown at a time, closed by Escape and by a click outside', async () => {
    const page = await browser.open(`${env.baseUrl}/`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expectMenu(
      await visibleMenu(page),
      [
        'トップページ',
        '契約締結▼',
        '  受信一覧',
        '  契約文書一括署名（受取）',
        '長期保管文書',
        '証明書管理▼',
        '  証明書一覧',
        '  証明書有効性確認',
        '個人設定▼',
        '  パスワード変更',
        '  言語',
        'ログアウト',
      ],
      ['  契約文書登録', 'テンプレート管理', '案件', '利用者管理', 'お知らせ管理', '企業管理'],
    );

    // One open at a time; Escape closes and gives the focus back to the button; a click outside closes.
    const menu = menuOf(page);
    const contracts = menu.getByRole('button', { name: '契約締結', exact: true });
    const certificates = menu.getByRole('button', { name: '証明書管理', exact: true });
    await contracts.click();
    expect(await contracts.getAttribute('aria-expanded')).toBe('true');
    await certificates.click();
    expect(await contracts.getAttribute('aria-expanded')).toBe('false');
    expect(await certificates.getAttribute('aria-expanded')).toBe('true');
    expect(await menu.locator('.menu-panel:not([hidden])').count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await certificates.getAttribute('aria-expanded')).toBe('false');
    expect(await focusedText(page)).toBe('BUTTON:証明書管理▼');
    await certificates.click();
    await page.getByRole('heading', { name: 'トップページ' }).click();
    expect(await certificates.getAttribute('aria-expanded')).toBe('false');

    // Keyboard only: open with Enter, follow a link; the new screen's heading has the focus.
    await certificates.focus();
    await page.keyboard.press('Enter');
    await menu.getByRole('link', { name: '証明書有効性確認' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '証明書有効性確認' }).waitFor();
    expect(pathOf(page)).toBe('/certificates/activate');
    expect(await focusedText(page)).toBe('H1:証明書有効性確認');
    expect(await certificates.getAttribute('aria-expanded')).toBe('false');
    await checkScreen(page, 'placeholder');
    await page.goto(`${env.baseUrl}/no/such/screen`);
    await page.getByRole('heading', { name: 'ページが見つかりません' }).waitFor();
    await checkScreen(page, 'not-found');
    consoleErrors.check();

    // The registrant of the company with 案件管理: 登録, テンプレート, 案件; no certificates, no bulk signing.
    await logOut(page);
    await logInOnScreen(page, env.baseUrl, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    expectMenu(
      await visibleMenu(page),
      [
        'トップページ',
        '契約締結▼',
        '  契約文書登録',
        '  送信済み一覧',
        'テンプレート管理',
        '案件',
        '長期保管文書',
        '個人設定▼',
        'ログアウト',
      ],
      ['  契約文書一括署名（受取）', '証明書管理▼', '利用者管理', '企業管理'],
    );

    // The 管理用ID: 利用者管理 and お知らせ管理.
    await logOut(page);
    await logInOnScreen(page, env.baseUrl, DEMO_IDS.receiverAdmin, DEMO_PASSWORD);
    expectMenu(
      await visibleMenu(page),
      ['トップページ', '長期保管文書', '利用者管理', 'お知らせ管理', '個人設定▼', 'ログアウト'],
      ['  契約文書一括署名（受取）', 'テンプレート管理', '企業管理'],
    );

    // The operator: its console, and a トップページ without any error.
    await logOut(page);
    await logInOnScreen(page, env.baseUrl, 'P000001', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expectMenu(
      await visibleMenu(page),
      ['トップページ', '企業管理', 'お知らせ管理', '個人設定▼', '  パスワード変更', 'ログアウト'],
      ['契約締結▼', '長期保管文書', '利用者管理', '証明書管理▼'],
    );
    expect(await page.getByRole('alert').count()).toBe(0);
    await checkScreen(page, 'operator-top');
    consoleErrors.check();
  }, 180_000);

  it('goes to the last マイリスト page for a page past the end, and refuses a 文書管理番号 that is not 10 digits before sending it', async () => {
    await env.awaitingReceipt(1, 'Webページ外契約');
    const page = await browser.open(`${env.baseUrl}/?page=99`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await page.getByTestId('page-position').filter({ hasText: '1 / 1ページ' }).waitFor();
    expect(pathOf(page)).toBe('/');
    await checkScreen(page, 'top');

    const searched: string[] = [];
    page.on('request', (request) => request.url().includes('/api/bulk-sign/candidates') && searched.push(request.url()));
    await page.goto(`${env.baseUrl}/bulk-sign`);
    await page.getByTestId('result-count').waitFor();
    await checkScreen(page, 'bulk-sign-select');
    const before = searched.length;
    await page.getByLabel('文書管理番号').fill('5');
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByText('文書管理番号は10桁の数字で入力してください（例: 0000000283）。').waitFor();
    expect(await page.getByLabel('文書管理番号').getAttribute('aria-invalid')).toBe('true');
    // An upside-down 更新日 range says so and is not sent either.
    await page.getByLabel('文書管理番号').fill('');
    await page.getByLabel('更新日（から）').fill('2026-12-31');
    await page.getByLabel('更新日（まで）').fill('2026-01-01');
    await page.getByText('更新日の範囲が逆です。「から」には「まで」以前の値を入力してください。').waitFor();
    await page.getByRole('button', { name: '検索' }).click();
    expect(searched.length).toBe(before);

    // 稼働状況, from the footer, with or without a session.
    await page.getByRole('link', { name: '稼働状況' }).click();
    await page.getByRole('heading', { name: '稼働状況 / System status' }).waitFor();
    await page.getByText('全体の稼働状況:').waitFor();
    await checkScreen(page, 'health');
    consoleErrors.check();
  }, 120_000);
});
