import { Page, Request } from 'playwright-core';
import { HttpClient } from '@app/testing';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { checkScreen } from './screen-checks';
import { Chromium, DEMO_IDS, logIn, WebPlatform } from './web-platform';

/**
 * パスワード変更 in a real Chromium against the real platform: from the menu
 * 個人設定, and forced after the first login. A mismatched confirmation is
 * refused before anything is sent; the server's refusals are shown as it
 * words them; after a change only the new password logs in.
 */
describe('web UI: パスワード変更 in Chromium', () => {
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

  const COMPLETED = 'パスワードを変更しました。新しいパスワードで再度ログインしてください。';
  const alertOf = (page: Page) => page.getByRole('alert');
  const fields = (page: Page) => ({
    current: page.getByLabel('現在のパスワード', { exact: true }),
    next: page.getByLabel('新しいパスワード', { exact: true }),
    confirmation: page.getByLabel('新しいパスワード(確認)', { exact: true }),
  });
  const fill = async (page: Page, current: string, next: string, confirmation: string) => {
    const field = fields(page);
    await field.current.fill(current);
    await field.next.fill(next);
    await field.confirmation.fill(confirmation);
    await page.getByRole('button', { name: '確定' }).click();
  };
  const emptied = async (page: Page) => {
    const field = fields(page);
    return [await field.current.inputValue(), await field.next.inputValue(), await field.confirmation.inputValue()];
  };
  const canLogIn = async (userId: string, password: string) => (await new HttpClient(env.baseUrl).login(userId, password)).status;

  it('changes the password from 個人設定: a mismatch is refused unsent, the server refusals are shown, and then only the new one logs in', async () => {
    const userId = DEMO_IDS.receiverApprover;
    const newPassword = 'Takahashi-2027';
    const page = await browser.open(`${env.baseUrl}/`);
    const sent: Request[] = [];
    page.on('request', (request) => request.url().endsWith('/api/auth/password') && sent.push(request));
    await logIn(page, userId, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();

    // Menu 個人設定 → パスワード変更.
    const menu = page.getByRole('navigation', { name: 'メニュー' });
    await menu.getByText('個人設定▼').click();
    await menu.getByRole('link', { name: 'パスワード変更' }).click();
    await page.getByRole('heading', { name: 'パスワード変更' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/password');

    // The two new ones differ: refused here, nothing sent, every field emptied.
    await fill(page, DEMO_PASSWORD, newPassword, `${newPassword}x`);
    await alertOf(page).filter({ hasText: '新しいパスワードと新しいパスワード(確認)が一致しません。' }).waitFor();
    expect(await alertOf(page).getAttribute('data-error-code')).toBe('PASSWORD_CONFIRMATION_MISMATCH');
    expect(await emptied(page)).toEqual(['', '', '']);
    expect(sent).toHaveLength(0);

    // A new password against the rule: the server's message and each broken rule.
    await fill(page, DEMO_PASSWORD, 'short', 'short');
    await alertOf(page).filter({ hasText: '新しいパスワードがルールを満たしていません。' }).waitFor();
    expect(await alertOf(page).getAttribute('data-error-code')).toBe('PASSWORD_RULE');
    expect(await alertOf(page).textContent()).toContain('パスワードは8文字以上で入力してください。');
    expect(await emptied(page)).toEqual(['', '', '']);

    // Passwords that follow the rule but are easy to guess: refused by the server, with the reason.
    for (const weak of ['Password1!', 'Qwerty123!']) {
      await fill(page, DEMO_PASSWORD, weak, weak);
      await alertOf(page).filter({ hasText: '新しいパスワード: 推測されやすいパスワードです。' }).waitFor();
      expect(await alertOf(page).getAttribute('data-error-code')).toBe('PASSWORD_RULE');
      expect(await alertOf(page).textContent()).toContain('よく使われているパスワード（Password、Qwerty など）');
    }

    // A wrong current password: the server's message; still logged in, the password unchanged.
    await fill(page, 'Wrong-pass-2026', newPassword, newPassword);
    await alertOf(page).filter({ hasText: '現在のパスワードが正しくありません。' }).waitFor();
    expect(await alertOf(page).getAttribute('data-error-code')).toBe('CURRENT_PASSWORD_WRONG');
    expect(await emptied(page)).toEqual(['', '', '']);
    expect(sent).toHaveLength(4);
    expect(await page.getByTestId('who').textContent()).toBe('株式会社受注工務店 高橋 三郎');
    expect(await canLogIn(userId, DEMO_PASSWORD)).toBe(200);

    // The change: ログイン again with the notice; the old password is refused there, the new one accepted.
    await fill(page, DEMO_PASSWORD, newPassword, newPassword);
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe(COMPLETED);
    expect(sent).toHaveLength(5);
    expect(sent[4].postDataJSON()).toEqual({ currentPassword: DEMO_PASSWORD, newPassword, newPasswordConfirmation: newPassword });
    await logIn(page, userId, DEMO_PASSWORD);
    await alertOf(page).filter({ hasText: '利用者IDまたはパスワードが正しくないか' }).waitFor();
    expect(await alertOf(page).getAttribute('data-error-code')).toBe('INVALID_CREDENTIALS');
    await logIn(page, userId, newPassword);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await canLogIn(userId, DEMO_PASSWORD)).toBe(401);
    expect(await canLogIn(userId, newPassword)).toBe(200);

    // The passwords went only into request bodies: no URL, no storage.
    const stored = await page.evaluate<string>('JSON.stringify([location.href, { ...localStorage }, { ...sessionStorage }])');
    expect(stored).not.toContain(newPassword);
    expect(stored).not.toContain(DEMO_PASSWORD);
  }, 120_000);

  it('shows only パスワード変更 after the first login, whatever the URL, and then トップページ with the new password', async () => {
    const admin = await env.demoUser(DEMO_IDS.receiverAdmin);
    const email = `first-login-${Date.now()}@example.jp`;
    const mark = env.smtp.messages.length;
    const registered = await admin.post('/api/users', { name: '伊藤 四郎', email, roles: ['recipient'] });
    expect(registered.status).toBe(201);
    const userId: string = registered.body.userId;
    const mail = await env.smtp.waitFor(
      (m) => m.envelope.to.includes(email) && m.subject.includes('初回ログインパスワード') && env.smtp.messages.indexOf(m) >= mark,
    );
    const initial = /ログインパスワード: (\S+)/.exec(mail.text)?.[1] as string;
    expect(initial).toBeDefined();

    const page = await browser.open(`${env.baseUrl}/bulk-sign`);
    await logIn(page, userId, initial);
    await page.getByRole('heading', { name: 'パスワード変更' }).waitFor();
    await page.getByText('初回ログインまたはパスワード再発行の後は、パスワード変更を先に行ってください。').waitFor();
    await checkScreen(page, 'password-change-required');
    const menu = page.getByRole('navigation', { name: 'メニュー' });
    expect(await menu.getByRole('link').count()).toBe(0);
    await page.goto(`${env.baseUrl}/`);
    await page.getByRole('heading', { name: 'パスワード変更' }).waitFor();
    expect(await page.getByRole('heading', { name: 'トップページ' }).count()).toBe(0);

    const newPassword = 'Ito-first-2027';
    await fill(page, initial, newPassword, newPassword);
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe(COMPLETED);
    await logIn(page, userId, newPassword);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expect(await page.getByTestId('who').textContent()).toBe('株式会社受注工務店 伊藤 四郎');
    await page.getByTestId('my-list-count').filter({ hasText: '0件中 0～0件目を表示' }).waitFor();
  }, 120_000);
});
