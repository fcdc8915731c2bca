import { sql } from 'drizzle-orm';
import { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { eventually } from '@app/testing';
import { checkScreen } from './screen-checks';
import { Chromium, DEMO_EMAILS, DEMO_IDS, logIn, WebPlatform } from './web-platform';

/**
 * The web UI in a real Chromium against the real platform: 佐藤 二郎 (demo
 * bulk user) walks the seed manual's 一括署名（受取） from ログイン to 締結済,
 * reading the signing password from the mail the platform sent; a user
 * without the bulk-sign flag is refused on the selection screen.
 */
describe('web UI: 一括署名（受取） in Chromium', () => {
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

  /** YYYY-MM-DD in Japan, `days` from today. */
  const tokyoDate = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(Date.now() + days * 86_400_000);
  /** Year to minute in Japan, as the UI writes a moment. */
  const tokyoDateTime = (iso: string) =>
    new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const pathOf = (page: Page) => `${new URL(page.url()).pathname}${new URL(page.url()).search}`;
  const alertOf = (page: Page) => page.getByRole('alert');
  const cellsOf = (page: Page, table: string) => page.getByRole('table', { name: table }).locator('tbody tr').allTextContents();
  const statusesOf = async (ids: string[]) =>
    (
      await env.query<{ status: string }>(
        sql`SELECT status FROM contract_workflow.contracts WHERE id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) ORDER BY document_number`,
      )
    ).map((row) => row.status);
  const signaturesOf = async (sessionId: string) =>
    Number(
      (await env.query<{ n: string }>(sql`SELECT count(*) AS n FROM signing.signatures WHERE request_id LIKE ${`bulk-${sessionId}%`}`))[0]
        .n,
    );

  it('takes the bulk user from ログイン through 選択, 対象選択 and a wrong then the right password to 締結済, ending on トップページ with the result, each document’s one click away', async () => {
    const documents = await env.awaitingReceipt(3, 'Web一括契約');
    const numbers = documents.map((document) => document.documentNumber);
    const ids = documents.map((document) => document.contractId);
    const page = await browser.open(`${env.baseUrl}/`);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);

    // トップページ: who is logged in, マイリスト, and the way to 一括署名.
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expect(await page.getByTestId('who').textContent()).toBe('株式会社受注工務店 佐藤 二郎');
    expect(await page.getByTestId('my-list-count').textContent()).toBe('3件中 1～3件目を表示');
    await page.getByText('inkanからのお知らせはありません。').waitFor();
    await page.getByRole('main').getByRole('link', { name: '契約文書一括署名（受取）' }).click();

    // 契約文書一括署名（受取）選択: every waiting document at once, the manual's columns.
    await page.getByRole('heading', { name: '契約文書一括署名（受取）選択' }).waitFor();
    await page.getByTestId('result-count').filter({ hasText: '3件中3件を表示' }).waitFor();
    const headers = await page.getByRole('table', { name: '検索結果' }).locator('thead th').allTextContents();
    expect(headers).toEqual(['選択', 'No', '文書管理番号', '契約文書名称', '署名有無', '取引先企業名', '取引先受発注区分', '更新日']);
    const rows = await cellsOf(page, '検索結果');
    expect(rows).toEqual(
      numbers.map((number, index) =>
        [
          '',
          String(index + 1),
          number,
          `Web一括契約 ${index + 1}`,
          '双方署名有り',
          '発注建設株式会社',
          index % 2 === 0 ? '発注側' : '受注側',
          tokyoDate(0).replaceAll('-', '/'),
        ].join(''),
      ),
    );

    // 検索 with conditions as the API takes them.
    await page.getByLabel('契約文書名称').fill('Web一括契約 2');
    await page.getByLabel('取引先受発注区分').selectOption('CONTRACTOR');
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByTestId('result-count').filter({ hasText: '1件中1件を表示' }).waitFor();
    expect((await cellsOf(page, '検索結果'))[0]).toContain(numbers[1]);
    // 更新日 (days in Japan's time): a range still to come finds nothing, one around today finds them all.
    await page.getByLabel('契約文書名称').fill('');
    await page.getByLabel('取引先受発注区分').selectOption('');
    await page.getByLabel('更新日（から）').fill(tokyoDate(2));
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByTestId('result-count').filter({ hasText: '0件中0件を表示' }).waitFor();
    await page.getByLabel('更新日（から）').fill(tokyoDate(-1));
    await page.getByLabel('更新日（まで）').fill(tokyoDate(1));
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByTestId('result-count').filter({ hasText: '3件中3件を表示' }).waitFor();

    // 全選択 / 全解除, then 全選択 → 対象選択: one signing password by mail.
    const boxes = page.getByRole('table', { name: '検索結果' }).getByRole('checkbox');
    const selectButton = page.getByRole('button', { name: '対象選択' });
    expect(await selectButton.isDisabled()).toBe(true);
    expect(await page.getByText('0件選択中').count()).toBe(1);
    await page.getByRole('button', { name: '全選択' }).click();
    await page.getByText('3件選択中').waitFor();
    const checked = async () => Promise.all((await boxes.all()).map((box) => box.isChecked()));
    expect(await checked()).toEqual([true, true, true]);
    await page.getByRole('button', { name: '全解除' }).click();
    await page.getByText('0件選択中').waitFor();
    expect(await checked()).toEqual([false, false, false]);
    await page.getByRole('button', { name: '全選択' }).click();
    await page.getByText('3件選択中').waitFor();
    const mark = env.smtp.messages.length;
    await selectButton.click();

    // 一括署名（受取）: the chosen documents, the certificate and the password from 「署名用パスワード発行のお知らせ」.
    await page.getByRole('heading', { name: '■ 署名情報' }).waitFor();
    const sessionId = /\/bulk-sign\/sessions\/([0-9a-f-]{36})$/.exec(page.url())?.[1] as string;
    expect(sessionId).toBeDefined();
    expect(await page.getByTestId('signer-name').textContent()).toBe('佐藤 二郎');
    expect((await cellsOf(page, '一括署名（受取）一覧')).map((row) => row.slice(1, 11))).toEqual(numbers);
    // Reloaded, the screen lists the same documents with every column, from the session alone.
    const listed = await cellsOf(page, '一括署名（受取）一覧');
    await page.reload();
    await page.getByRole('heading', { name: '■ 署名情報' }).waitFor();
    await page.getByRole('table', { name: '一括署名（受取）一覧' }).locator('tbody tr').first().waitFor();
    expect(await cellsOf(page, '一括署名（受取）一覧')).toEqual(listed);
    await checkScreen(page, 'bulk-sign-session');
    const password = await env.signingPassword(DEMO_EMAILS.bulkUser, numbers, mark);
    const bulkUser = await env.demoUser(DEMO_IDS.bulkUser);
    const serialNumber: string = (await bulkUser.get('/api/certificates')).body.items[0].serialNumber;
    await page.getByLabel('証明書[必須]').selectOption(serialNumber);
    const passwordField = page.getByLabel('署名用パスワード[必須]');

    // A wrong password: the API's message, the field emptied, nothing signed.
    await passwordField.fill('Wrong-password-1');
    await page.getByRole('button', { name: '一括署名（受取）' }).click();
    await alertOf(page).filter({ hasText: '署名用パスワードが正しくありません。5回続けて誤ると無効になります。' }).waitFor();
    expect(await alertOf(page).getAttribute('data-error-code')).toBe('SIGNING_PASSWORD_WRONG');
    expect(await passwordField.inputValue()).toBe('');
    expect(await statusesOf(ids)).toEqual(['AWAITING_RECEIPT', 'AWAITING_RECEIPT', 'AWAITING_RECEIPT']);
    expect(await signaturesOf(sessionId)).toBe(0);

    // The right one: accepted, the progress runs to completion, and トップページ shows the result (the seed).
    await passwordField.fill(password);
    await page.getByRole('button', { name: '一括署名（受取）' }).click();
    await page.getByTestId('bulk-sign-progress').waitFor();
    const result = page.getByTestId('bulk-result-summary');
    await result.waitFor({ timeout: 120_000 });
    await page.getByRole('heading', { name: 'トップページ', exact: true }).waitFor();
    expect(pathOf(page)).toBe(`/?bulkResult=${sessionId}`);
    expect(await result.textContent()).toBe('一括署名（受取）が完了しました。対象 3件のうち、締結済 3件、署名できなかった契約文書 0件。');
    const finished = await page
      .getByTestId('bulk-result')
      .getByText(/^完了日時: /)
      .textContent();
    const completedAt = (await (await env.demoUser(DEMO_IDS.bulkUser)).get(`/api/bulk-sign/sessions/${sessionId}`)).body.completedAt;
    expect(finished).toBe(`完了日時: ${tokyoDateTime(completedAt)}`);
    // The documents 締結済 in マイリスト below it.
    await page.getByTestId('my-list-count').waitFor();
    await eventually(async () => {
      const myList = await cellsOf(page, 'マイリスト');
      for (const number of numbers) {
        expect(myList.find((row) => row.includes(number))).toContain('締結済');
      }
      return true;
    });
    await checkScreen(page, 'top-bulk-result');
    // A reload keeps the result (the URL names the session).
    await page.reload();
    await result.waitFor();

    // One click to each document's result.
    await page.getByRole('link', { name: '契約文書ごとの結果' }).click();
    const progress = page.locator('[data-testid="bulk-sign-progress"][data-status="COMPLETED"]');
    await progress.waitFor();
    expect(pathOf(page)).toBe(`/bulk-sign/sessions/${sessionId}`);
    expect(await page.getByTestId('session-status').textContent()).toBe('完了');
    expect(await page.getByTestId('count-total').textContent()).toBe('3件');
    expect(await page.getByTestId('count-done').textContent()).toBe('3件');
    expect(await page.getByTestId('count-failed').textContent()).toBe('0件');
    const states = await Promise.all((await progress.locator('tbody tr').all()).map((row) => row.getAttribute('data-state')));
    expect(states).toEqual(['CONCLUDED', 'CONCLUDED', 'CONCLUDED']);
    expect(await progress.getByRole('status').textContent()).toContain('一括署名（受取）が完了しました。締結済 3件');
    await checkScreen(page, 'bulk-sign-progress');

    // The progress came over the event stream.
    expect(requested).toContain(`${env.baseUrl}/api/bulk-sign/sessions/${sessionId}/events`);

    // In the database: every document 締結済, one signature each under the session.
    expect(await statusesOf(ids)).toEqual(['CONCLUDED', 'CONCLUDED', 'CONCLUDED']);
    expect(await signaturesOf(sessionId)).toBe(3);

    // The signing password went only into the request bodies: no URL, no storage.
    expect(requested.some((url) => url.includes(password) || url.includes('Wrong-password-1'))).toBe(false);
    const stored = await page.evaluate<string>('JSON.stringify([{ ...localStorage }, { ...sessionStorage }])');
    expect(stored).not.toContain(password);

    // Back on トップページ with the result: 閉じる takes it away, and the URL with it.
    await page.goBack();
    await result.waitFor();
    await page.getByRole('button', { name: '閉じる' }).click();
    await page.getByTestId('bulk-result').waitFor({ state: 'detached' });
    expect(pathOf(page)).toBe('/');

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  }, 180_000);

  it('follows the progress by polling when the event stream cannot be had', async () => {
    const documents = await env.awaitingReceipt(2, 'Web再開契約');
    const numbers = documents.map((document) => document.documentNumber);
    const page = await browser.open(`${env.baseUrl}/bulk-sign`);
    await page.route('**/api/bulk-sign/sessions/*/events', (route) => route.abort());
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);

    await page.getByLabel('契約文書名称').fill('Web再開契約');
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByTestId('result-count').filter({ hasText: '2件中2件を表示' }).waitFor();
    await page.getByRole('button', { name: '全選択' }).click();
    await page.getByText('2件選択中').waitFor();
    const mark = env.smtp.messages.length;
    await page.getByRole('button', { name: '対象選択' }).click();
    await page.getByRole('heading', { name: '■ 署名情報' }).waitFor();
    // His one active certificate is chosen already.
    expect(await page.getByLabel('証明書[必須]').inputValue()).toMatch(/^[0-9A-F]+$/);
    await page.getByLabel('署名用パスワード[必須]').fill(await env.signingPassword(DEMO_EMAILS.bulkUser, numbers, mark));
    await page.getByRole('button', { name: '一括署名（受取）' }).click();

    await page.getByTestId('bulk-result-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('bulk-result-summary').textContent()).toContain('締結済 2件、署名できなかった契約文書 0件');
    expect(await statusesOf(documents.map((document) => document.contractId))).toEqual(['CONCLUDED', 'CONCLUDED']);
    await page.unrouteAll();
  }, 120_000);

  it('answers 対象選択 of the same documents after 戻る with the open selection and no second password; another choice closes it', async () => {
    const documents = await env.awaitingReceipt(2, 'Web戻る契約');
    const numbers = documents.map((document) => document.documentNumber);
    const passwordMailTo = (m: { envelope: { to: string[] }; subject: string }) =>
      m.envelope.to.includes(DEMO_EMAILS.bulkUser) && m.subject.includes('署名用パスワード');
    const page = await browser.open(`${env.baseUrl}/bulk-sign`);
    await logIn(page, DEMO_IDS.bulkUser, DEMO_PASSWORD);
    const choose = async (chosen: string[]) => {
      await page.getByLabel('契約文書名称').fill('Web戻る契約');
      await page.getByRole('button', { name: '検索' }).click();
      await page.getByTestId('result-count').filter({ hasText: '2件中2件を表示' }).waitFor();
      for (const number of chosen) {
        await page.getByRole('checkbox', { name: `${number} を選択` }).check();
      }
      await page.getByRole('button', { name: '対象選択' }).click();
      await page.getByRole('heading', { name: '■ 署名情報' }).waitFor();
      return /\/bulk-sign\/sessions\/([0-9a-f-]{36})$/.exec(page.url())![1];
    };
    const mark = env.smtp.messages.length;
    const first = await choose(numbers);
    const firstMail = await env.smtp.waitFor(
      (m) => passwordMailTo(m) && env.smtp.messages.indexOf(m) >= mark && numbers.every((number) => m.text.includes(number)),
      30_000,
    );
    const afterFirst = env.smtp.messages.indexOf(firstMail) + 1;

    // 戻る, the same two again: the same selection, whose password was mailed already.
    await page.getByRole('button', { name: '戻る' }).click();
    await page.getByRole('heading', { name: '契約文書一括署名（受取）選択' }).waitFor();
    expect(await choose(numbers)).toBe(first);

    // 戻る, only one of them: a new selection with its own password; the open one is closed.
    await page.getByRole('button', { name: '戻る' }).click();
    const third = await choose([numbers[0]]);
    expect(third).not.toBe(first);
    // Mails leave in order: the next password mail is the third selection's (one document), none came for the second.
    const next = await env.smtp.waitFor((m) => passwordMailTo(m) && env.smtp.messages.indexOf(m) >= afterFirst, 30_000);
    expect([next.text.includes(numbers[0]), next.text.includes(numbers[1])]).toEqual([true, false]);
    const bulkUser = await env.demoUser(DEMO_IDS.bulkUser);
    expect((await bulkUser.get(`/api/bulk-sign/sessions/${first}`)).status).toBe(404);
    expect((await bulkUser.get(`/api/bulk-sign/sessions/${third}`)).body.status).toBe('SELECTED');
  }, 120_000);

  it('shows a user without the bulk-sign flag no way in, and the precondition error on the selection screen', async () => {
    // 高橋 三郎 is made recipient and signer, but his user ID is not enabled for bulk signing.
    const admin = await env.demoUser(DEMO_IDS.receiverAdmin);
    const patched = await admin.patch(`/api/users/${DEMO_IDS.receiverApprover}`, { roles: ['recipient', 'approver', 'signer'] });
    expect(patched.status).toBe(200);
    const page = await browser.open(`${env.baseUrl}/`);

    // A wrong login password: the API's message, and still ログイン.
    await logIn(page, DEMO_IDS.receiverApprover, 'Wrong-pass-2026');
    await alertOf(page).filter({ hasText: '利用者IDまたはパスワードが正しくないか' }).waitFor();
    expect(await alertOf(page).getAttribute('data-error-code')).toBe('INVALID_CREDENTIALS');
    await logIn(page, DEMO_IDS.receiverApprover, DEMO_PASSWORD);

    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expect(await page.getByTestId('who').textContent()).toBe('株式会社受注工務店 高橋 三郎');
    expect(await page.getByText('契約文書一括署名（受取）').count()).toBe(0);

    await page.goto(`${env.baseUrl}/bulk-sign`);
    await page.getByRole('heading', { name: '契約文書一括署名（受取）選択' }).waitFor();
    await alertOf(page).filter({ hasText: 'この利用者IDは一括署名の利用が申請されていません。' }).waitFor();
    expect(await alertOf(page).getAttribute('data-error-code')).toBe('BULK_SIGN_USER_NOT_ENABLED');
    expect(await page.getByRole('table', { name: '検索結果' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '対象選択' }).count()).toBe(0);
  }, 120_000);
});
