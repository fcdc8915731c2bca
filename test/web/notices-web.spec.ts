import { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { checkScreen, logInOnScreen, watchConsole } from './screen-checks';
import { DEMO_IDS, logIn } from './web-platform';
import { focusedText, headingOf, noticeOf, webSuite } from './web-suite';

const SENDER_ADMIN = 'U000001';
const OPERATOR = 'P000001';

/**
 * お知らせ管理 in a real Chromium against the real platform, done on screen
 * by the 管理用ID and the operator: create, schedule, edit, withdraw, each
 * screen at 375 px, through axe-core and with no console error. トップページ
 * shows a company's notice under the company's name with its line breaks,
 * the platform's under 「inkanからのお知らせ」, a scheduled one not yet.
 */
describe('web UI: お知らせ管理 in Chromium', () => {
  const web = webSuite();

  /** ログアウト, finished: back on ログイン before anything else is asked. */
  const logOut = async (page: Page) => {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  };

  it('お知らせ管理: the 管理用ID and the operator create, schedule, edit and withdraw notices; トップページ shows them by whose they are', async () => {
    const page = await web.browser.open(`${web.env.baseUrl}/notices/manage`);
    const consoleErrors = watchConsole(page);
    await logIn(page, SENDER_ADMIN, DEMO_PASSWORD);
    await headingOf(page, 'お知らせ管理').waitFor();
    await page.getByTestId('empty-state').filter({ hasText: '該当するお知らせはありません' }).waitFor();
    await checkScreen(page, 'notices-manage-empty');

    // Create: the focus moves to the form; a title and body are required.
    await page.getByRole('button', { name: '新規登録' }).click();
    await page.getByRole('heading', { name: '■ お知らせの登録' }).waitFor();
    expect(await focusedText(page)).toBe('■ お知らせの登録');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText('件名を入力してください。').waitFor();
    await page.getByLabel('件名[必須]').fill('年末年始の休業について');
    await page.getByLabel('本文[必須]').fill('12月29日から休業します。\n1月4日から営業します。');
    await page.getByLabel('重要度').selectOption('IMPORTANT');
    await checkScreen(page, 'notice-new');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await noticeOf(page, 'お知らせ「年末年始の休業について」を保存しました。').waitFor();
    const published = page.locator('tr[data-state="PUBLISHED"]').filter({ hasText: '年末年始の休業について' });
    await published.waitFor();
    expect(await published.textContent()).toContain('公開中');

    // Schedule: shown from a later time; an end before the start is said and not sent.
    await page.getByRole('button', { name: '新規登録' }).click();
    await page.getByLabel('件名[必須]').fill('システム更新のお知らせ');
    await page.getByLabel('本文[必須]').fill('来年の更新予定です。');
    await page.getByLabel('公開開始（日本時間）').fill('2099-01-02T09:00');
    await page.getByLabel('公開終了（日本時間）').fill('2099-01-01T09:00');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText('公開終了は公開開始より後の日時にしてください。').waitFor();
    await page.getByLabel('公開終了（日本時間）').fill('2099-01-31T18:00');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    const scheduled = page.locator('tr[data-state="SCHEDULED"]').filter({ hasText: 'システム更新のお知らせ' });
    await scheduled.waitFor();
    expect(await scheduled.textContent()).toContain('公開予定');
    await checkScreen(page, 'notices-manage');

    // Edit the title of the published one.
    await page.getByRole('button', { name: '「年末年始の休業について」を編集' }).click();
    await page.getByRole('heading', { name: '■ お知らせの編集' }).waitFor();
    expect(await page.getByLabel('本文[必須]').inputValue()).toBe('12月29日から休業します。\n1月4日から営業します。');
    await page.getByLabel('件名[必須]').fill('年末年始休業のご案内');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('tr[data-state="PUBLISHED"]').filter({ hasText: '年末年始休業のご案内' }).waitFor();
    consoleErrors.check();
    consoleErrors.stop();

    // The operator writes the platform's notice.
    await logOut(page);
    await logInOnScreen(page, web.env.baseUrl, OPERATOR, DEMO_PASSWORD);
    const operatorErrors = watchConsole(page);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お知らせ管理' }).click();
    await headingOf(page, 'お知らせ管理').waitFor();
    await page.getByRole('button', { name: '新規登録' }).click();
    await page.getByLabel('件名[必須]').fill('メンテナンスのお知らせ');
    await page.getByLabel('本文[必須]').fill('全社向けのお知らせです。');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.locator('tr[data-state="PUBLISHED"]').filter({ hasText: 'メンテナンスのお知らせ' }).waitFor();
    // The operator sees only the platform's notices.
    expect(await page.getByRole('table', { name: 'お知らせ一覧' }).locator('tbody tr').count()).toBe(1);
    await checkScreen(page, 'notices-manage-operator');
    operatorErrors.check();
    operatorErrors.stop();
    await logOut(page);

    // A user of the company: the company's notice under its name, line breaks kept; the platform's under inkan's; the scheduled one not yet.
    await logInOnScreen(page, web.env.baseUrl, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    const userErrors = watchConsole(page);
    await headingOf(page, 'トップページ').waitFor();
    const company = page.getByTestId('company-notices');
    await company.getByRole('heading', { name: '■ 発注建設株式会社からのお知らせ' }).waitFor();
    expect(await company.locator('li').count()).toBe(1);
    expect(await company.locator('li strong').textContent()).toBe('【重要】 年末年始休業のご案内');
    expect(await company.locator('li p').innerText()).toBe('12月29日から休業します。\n1月4日から営業します。');
    const platform = page.locator('section[aria-labelledby="notices-heading"]');
    expect(await platform.locator('li strong').allTextContents()).toEqual(['メンテナンスのお知らせ']);
    expect(await page.getByText('システム更新のお知らせ').count()).toBe(0);
    await checkScreen(page, 'top-notices');
    // The other company's users do not see it.
    const receiver = await web.env.demoUser(DEMO_IDS.bulkUser);
    expect((await receiver.get('/api/notices')).body.items.map((notice: { title: string }) => notice.title)).toEqual([
      'メンテナンスのお知らせ',
    ]);
    userErrors.check();
    userErrors.stop();
    await logOut(page);

    // Withdraw: gone from the list and from トップページ, kept under 取下げ済.
    await logInOnScreen(page, web.env.baseUrl, SENDER_ADMIN, DEMO_PASSWORD);
    const withdrawErrors = watchConsole(page);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お知らせ管理' }).click();
    await headingOf(page, 'お知らせ管理').waitFor();
    await page.getByRole('button', { name: '「年末年始休業のご案内」を取下げ' }).click();
    await page.getByRole('button', { name: '取り下げる' }).click();
    await noticeOf(page, 'お知らせ「年末年始休業のご案内」を取り下げました。').waitFor();
    await page.locator('tr[data-state="PUBLISHED"]').waitFor({ state: 'detached' });
    await page.getByLabel('状態').selectOption('WITHDRAWN');
    await page.locator('tr[data-state="WITHDRAWN"]').filter({ hasText: '年末年始休業のご案内' }).waitFor();
    expect(new URL(page.url()).searchParams.get('state')).toBe('WITHDRAWN');
    const user = await web.env.demoUser(DEMO_IDS.senderRegistrant);
    expect((await user.get('/api/notices')).body.items.map((notice: { title: string }) => notice.title)).toEqual([
      'メンテナンスのお知らせ',
    ]);
    withdrawErrors.check();
    withdrawErrors.stop();
  }, 240_000);
});
