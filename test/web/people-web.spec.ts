import { Page } from 'playwright-core';
import { HttpClient } from '@app/testing';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { checkScreen, watchConsole } from './screen-checks';
import { DEMO_IDS, logIn } from './web-platform';
import { alertOf, webSuite } from './web-suite';

const SENDER_ADMIN = 'U000001';
const OPERATOR = 'P000001';

/**
 * 利用者管理, 証明書管理, 個人設定, the operator console and パスワードを忘れた場合
 * in a real Chromium against the real platform (mail to an SMTP capture),
 * each path done on screen by its person; every screen at 375 px and
 * through axe-core, with no console error.
 */
describe('web UI: people and access in Chromium', () => {
  const web = webSuite();

  /** A fresh start in Japanese: the browser's remembered language (an earlier path switched to English) reset first. */
  const openJa = async (url: string): Promise<Page> => {
    const page = await web.browser.open(url);
    await page.evaluate(`localStorage.setItem('inkan.language', 'ja')`);
    await page.reload();
    return page;
  };
  const menu = (page: Page) => page.getByRole('navigation', { name: /^(メニュー|Menu)$/ });
  /** The secret after `label: ` in the newest mail to `email` whose subject has `subject`, from mail `after` on. */
  const mailed = async (email: string, subject: string, label: string, after: number): Promise<string> => {
    const mail = await web.env.smtp.waitFor(
      (m) => m.envelope.to.includes(email) && m.subject.includes(subject) && web.env.smtp.messages.indexOf(m) >= after,
    );
    const value = new RegExp(`${label}: (\\S+)`).exec(mail.text)?.[1];
    if (!value) {
      throw new Error(`no ${label} in "${mail.subject}"`);
    }
    return value;
  };

  it('管理用ID registers a signer and issues a certificate; the signer reads both mails, logs in, changes the password, activates the certificate with the mailed PIN and switches to English', async () => {
    const email = `shomei-${Date.now()}@example.jp`;
    const mark = web.env.smtp.messages.length;
    const page = await web.browser.open(`${web.env.baseUrl}/`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.receiverAdmin, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();

    // 利用者管理 → 利用者情報の照会 → 利用者登録.
    await menu(page).getByRole('link', { name: '利用者管理' }).click();
    await page.getByRole('heading', { name: '利用者情報の照会' }).waitFor();
    await page.getByRole('table', { name: '利用者' }).waitFor();
    await checkScreen(page, 'users');
    await page.getByRole('link', { name: '利用者登録' }).click();
    await page.getByRole('heading', { name: '利用者登録' }).waitFor();
    await page.getByLabel('氏名 [必須]').fill('渡辺 五郎');
    await page.getByLabel('メールアドレス [必須]').fill(email);
    await page.getByLabel('部署').fill('工務部');
    await page.getByRole('checkbox', { name: '受取担当者' }).check();
    await page.getByRole('checkbox', { name: '署名者' }).check();
    await checkScreen(page, 'user-register');
    await page.getByRole('button', { name: '登録' }).click();
    const registered = await page.getByTestId('registered-user').textContent();
    const userId = /U\d{6}/.exec(registered ?? '')?.[0] as string;
    expect(registered).toContain('2通のメール');

    // The new user's page: 電子証明書の発行 mails the PIN.
    await page.getByRole('link', { name: '登録した利用者の情報へ' }).click();
    await page.getByRole('heading', { name: '利用者情報' }).waitFor();
    await page.getByRole('button', { name: '電子証明書の発行' }).click();
    await page.getByTestId('user-notice').filter({ hasText: 'PIN のお知らせ' }).waitFor();
    await checkScreen(page, 'user-detail');

    // The signer's mails: the user ID, the initial password, the PIN (three separate mails).
    const idMail = await web.env.smtp.waitFor(
      (m) => m.envelope.to.includes(email) && m.subject.includes('サービス利用者登録完了のお知らせ'),
    );
    expect(idMail.text).toContain(userId);
    const initialPassword = await mailed(email, '初回ログインパスワードのお知らせ', 'ログインパスワード', mark);
    const pin = await mailed(email, 'PIN のお知らせ', '証明書PIN', mark);
    expect(initialPassword).not.toBe(pin);

    // First login: パスワード変更 first, then ログイン again.
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await logIn(page, userId, initialPassword);
    await page.getByRole('heading', { name: 'パスワード変更' }).waitFor();
    const newPassword = 'Watanabe-Goro-2026';
    await page.getByLabel('現在のパスワード', { exact: true }).fill(initialPassword);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(newPassword);
    await page.getByLabel('新しいパスワード(確認)', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: '確定' }).click();
    await logIn(page, userId, newPassword);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();

    // 証明書管理 → 証明書一覧: awaiting activation, with the way to 証明書有効性確認.
    await menu(page).getByText('証明書管理▼').click();
    await menu(page).getByRole('link', { name: '証明書一覧' }).click();
    await page.getByRole('heading', { name: '証明書一覧' }).waitFor();
    await page.getByRole('cell', { name: '有効性確認待ち' }).first().waitFor();
    await checkScreen(page, 'certificates');
    await page.getByRole('link', { name: '証明書有効性確認へ' }).click();
    await page.getByRole('heading', { name: '証明書有効性確認' }).waitFor();
    const certificate = page.getByLabel('証明書 [必須]');
    await certificate.selectOption({ index: 1 });
    await checkScreen(page, 'certificate-activation');

    // A wrong PIN: one sentence, the fields emptied, nothing activated.
    await page.getByLabel('PIN [必須]').fill('00000000');
    await page.getByLabel('ログインパスワード [必須]').fill(newPassword);
    await page.getByRole('button', { name: '確定' }).click();
    await alertOf(page)
      .filter({ hasText: 'PINまたはログインパスワードが正しくありません。' })
      .filter({ hasText: '（ロックまで残り 4 回）' })
      .waitFor();
    expect(await page.getByLabel('PIN [必須]').inputValue()).toBe('');
    expect(await page.getByLabel('ログインパスワード [必須]').inputValue()).toBe('');

    // The mailed PIN: the certificate's contents in plain words, active for this user ID.
    await page.getByLabel('PIN [必須]').fill(pin);
    await page.getByLabel('ログインパスワード [必須]').fill(newPassword);
    await page.getByRole('button', { name: '確定' }).click();
    await page.getByRole('status').filter({ hasText: '電子証明書が有効になりました。' }).waitFor();
    const details = (await page.getByTestId('certificate-details').textContent()) ?? '';
    expect(details).toContain('渡辺 五郎');
    expect(details).toContain('株式会社受注工務店');
    expect(details).toContain('シリアル番号');
    expect(await page.getByRole('status').filter({ hasText: userId }).count()).toBe(1);
    await checkScreen(page, 'certificate-activated');
    const api = new HttpClient(web.env.baseUrl);
    await api.login(userId, newPassword);
    const holders = (await api.get('/api/certificates')).body.items[0].holders as { userId: string; status: string }[];
    expect(holders.find((holder) => holder.userId === userId)?.status).toBe('ACTIVE');

    // 個人設定 → 言語: English now, and after a reload (the setting is the user's, not the browser's).
    await menu(page).getByText('個人設定▼').click();
    await menu(page).getByRole('link', { name: '言語' }).click();
    await page.getByRole('heading', { name: '言語' }).waitFor();
    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByRole('heading', { name: 'Language' }).waitFor();
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await page.getByRole('heading', { name: 'Language' }).waitFor();
    await menu(page).getByText('Certificates▼').click();
    await menu(page).getByRole('link', { name: 'Certificate list' }).click();
    await page.getByRole('cell', { name: 'Active' }).first().waitFor();
    expect((await api.get('/api/auth/session')).body.session.language).toBe('en');
    // 400: the wrong PIN. 403: the shell asks for the company while パスワード変更 is still required (shell, not this path).
    consoleErrors.check([/status of 400/, /status of 403 \(Forbidden\) \S+\/api\/companies\/C\d{6}$/]);
  }, 300_000);

  it('管理用ID searches users and changes one: roles, 一括署名 (refused with a sentence where the API refuses), 利用停止/再開, ロック解除, パスワード再発行', async () => {
    const admin = await web.env.demoUser(DEMO_IDS.receiverAdmin);
    const email = `henko-${Date.now()}@example.jp`;
    const registered = await admin.post('/api/users', { name: '変更 六郎', email, roles: ['approver'] });
    const userId: string = registered.body.userId;
    const page = await openJa(`${web.env.baseUrl}/users`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.receiverAdmin, DEMO_PASSWORD);
    await page.getByRole('heading', { name: '利用者情報の照会' }).waitFor();

    // Search: nothing, then the user; the conditions stay in the URL.
    await page.getByLabel('キーワード（利用者ID・氏名・メールアドレス・部署）').fill('該当なしの名前');
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByTestId('empty-state').filter({ hasText: '該当する利用者はありません' }).waitFor();
    await page.getByLabel('キーワード（利用者ID・氏名・メールアドレス・部署）').fill('変更 六郎');
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByRole('link', { name: userId }).click();
    await page.getByRole('heading', { name: '利用者情報' }).waitFor();

    // 一括署名 without the recipient and signer roles: the API's rule as a sentence, nothing changed.
    await page.getByRole('checkbox', { name: '一括署名（受取）を利用する' }).check();
    await page.getByRole('button', { name: '変更を保存' }).click();
    await alertOf(page).filter({ hasText: '受取担当者と署名者の両方の役割が必要です' }).waitFor();
    expect((await admin.get(`/api/users/${userId}`)).body.bulkSign).toBe(false);
    // With both roles it is saved.
    await page.getByRole('checkbox', { name: '受取担当者' }).check();
    await page.getByRole('checkbox', { name: '署名者' }).check();
    await page.getByRole('button', { name: '変更を保存' }).click();
    await page.getByTestId('user-notice').filter({ hasText: '利用者情報を変更しました。' }).waitFor();
    expect((await admin.get(`/api/users/${userId}`)).body).toMatchObject({ bulkSign: true, roles: ['recipient', 'approver', 'signer'] });
    await checkScreen(page, 'user-edit');

    // 利用停止 and 利用再開.
    await page.getByRole('button', { name: '利用停止' }).click();
    await page.getByTestId('user-status').filter({ hasText: '利用停止' }).waitFor();
    expect((await admin.get(`/api/users/${userId}`)).body.status).toBe('DISABLED');
    await page.getByRole('button', { name: '利用再開' }).click();
    await page.getByTestId('user-status').filter({ hasText: '利用中' }).waitFor();

    // Five wrong logins lock the ID (the user's own doing); ロック解除 on screen.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await new HttpClient(web.env.baseUrl).login(userId, `Wrong-pass-${attempt}`);
    }
    await page.reload();
    await page.getByTestId('user-status').filter({ hasText: 'ロック中' }).waitFor();
    await page.getByRole('button', { name: 'ロック解除' }).click();
    await page.getByTestId('user-status').filter({ hasText: '利用中' }).waitFor();

    // パスワード再発行: asked twice, then the mail.
    const mark = web.env.smtp.messages.length;
    await page.getByRole('button', { name: 'パスワード再発行' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '確定' }).click();
    await page.getByTestId('user-notice').filter({ hasText: '新しい初回ログインパスワードをメールで送信しました' }).waitFor();
    const reissued = await mailed(email, 'ログインパスワード再発行のお知らせ', 'ログインパスワード', mark);
    expect((await new HttpClient(web.env.baseUrl).login(userId, reissued)).body.session.mustChangePassword).toBe(true);
    consoleErrors.check([/status of 400/]);
  }, 300_000);

  it('operator: トップページ without errors, 企業管理 with plan and option rules shown as sentences, 企業登録; a one-side-pays 管理用ID invites a partner', async () => {
    const page = await openJa(`${web.env.baseUrl}/`);
    const consoleErrors = watchConsole(page);
    await logIn(page, OPERATOR, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    expect(await alertOf(page).count()).toBe(0);
    await menu(page).getByRole('link', { name: '企業管理' }).click();
    await page.getByRole('heading', { name: '企業管理' }).waitFor();
    await page.getByRole('table', { name: '企業' }).waitFor();
    await checkScreen(page, 'operator-companies');

    // The receiving company (取引先専用プラン, 一括署名 in use): both refusals as sentences, nothing changed.
    await page.getByRole('link', { name: DEMO_IDS.receiverCompany }).click();
    await page.getByRole('heading', { name: '企業情報' }).waitFor();
    await page.getByRole('checkbox', { name: '一括署名' }).uncheck();
    await page.getByRole('button', { name: '変更を保存' }).click();
    await alertOf(page).filter({ hasText: '一括署名オプションを外せません' }).waitFor();
    await page.getByRole('checkbox', { name: '一括署名' }).check();
    await page.getByRole('checkbox', { name: '案件管理' }).check();
    await page.getByRole('button', { name: '変更を保存' }).click();
    await alertOf(page).filter({ hasText: '片方課金プラン（ONE_SIDE）の企業のみ' }).waitFor();
    const operator = new HttpClient(web.env.baseUrl);
    await operator.login(OPERATOR, DEMO_PASSWORD);
    expect((await operator.get(`/api/companies/${DEMO_IDS.receiverCompany}`)).body).toMatchObject({
      plan: 'PARTNER_ONLY',
      options: ['BULK_SIGN'],
    });
    await checkScreen(page, 'operator-company');

    // 企業登録: the company and its 管理用ID, whose two mails go out.
    const email = `kigyo-${Date.now()}@example.jp`;
    await page.getByRole('link', { name: '企業管理へ戻る' }).click();
    await page.getByRole('link', { name: '企業登録' }).click();
    await page.getByRole('heading', { name: '企業登録' }).waitFor();
    await page.getByLabel('企業名 [必須]').fill('株式会社 新規商事');
    await page.getByRole('radio', { name: '双方課金プラン' }).check();
    await page.getByLabel('氏名 [必須]').fill('新規 管理者');
    await page.getByLabel('メールアドレス [必須]').fill(email);
    await checkScreen(page, 'operator-company-create');
    await page.getByRole('button', { name: '登録' }).click();
    await page.getByTestId('company-created').waitFor();
    await web.env.smtp.waitFor((m) => m.envelope.to.includes(email) && m.subject.includes('初回ログインパスワードのお知らせ'));
    consoleErrors.check([/status of 400/, /status of 409/]);

    // 取引先招待 by the 管理用ID of the one-side-pays company.
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.goto(`${web.env.baseUrl}/login`);
    await logIn(page, SENDER_ADMIN, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();
    await menu(page).getByRole('link', { name: '取引先招待' }).click();
    await page.getByRole('heading', { name: '取引先招待' }).waitFor();
    await page.getByLabel('取引先のメールアドレス [必須]').fill('partner-web@example.jp');
    await checkScreen(page, 'invitation');
    await page.getByRole('button', { name: '招待メールを送信' }).click();
    await page.getByTestId('invitation-sent').waitFor();
    const invitation = await web.env.smtp.waitFor(
      (m) => m.envelope.to.includes('partner-web@example.jp') && m.subject.includes('利用申請サイトのお知らせ'),
    );

    // The partner opens the mail's link (no login): who invited, then the application; a partner-only company results.
    const token = /partner-application#token=([A-Za-z0-9_-]{43})/.exec(invitation.text)?.[1] as string;
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.goto(`${web.env.baseUrl}/partner-application#token=${token}`);
    await page.getByRole('heading', { name: '利用申請' }).waitFor();
    await page.getByText('発注建設株式会社 様からの招待').waitFor();
    await page.getByLabel('企業名 [必須]').fill('有限会社 取引工業');
    await page.getByLabel('氏名 [必須]').fill('取引 管理者');
    await page.getByLabel('メールアドレス [必須]').fill('partner-web@example.jp');
    await checkScreen(page, 'partner-application');
    await page.getByRole('button', { name: '申請' }).click();
    const applied = (await page.getByTestId('application-done').textContent()) ?? '';
    const partnerCompany = /C\d{6}/.exec(applied)?.[0] as string;
    expect((await operator.get(`/api/companies/${partnerCompany}`)).body).toMatchObject({
      name: '有限会社 取引工業',
      plan: 'PARTNER_ONLY',
    });
    consoleErrors.check([/status of 400/, /status of 409/]);
  }, 300_000);

  it('パスワードを忘れた場合: the same answer for an unknown ID, the mailed link sets a new password once, then ログイン', async () => {
    const admin = await web.env.demoUser(DEMO_IDS.receiverAdmin);
    const email = `wasureta-${Date.now()}@example.jp`;
    const userId: string = (await admin.post('/api/users', { name: '忘却 七郎', email, roles: ['recipient'] })).body.userId;
    const page = await openJa(`${web.env.baseUrl}/login`);
    const consoleErrors = watchConsole(page);
    await page.getByRole('link', { name: 'パスワードを忘れた場合' }).click();
    await page.getByRole('heading', { name: 'パスワードを忘れた場合' }).waitFor();
    await checkScreen(page, 'password-reset-request');

    // An unknown ID: the same words, no mail.
    const mark = web.env.smtp.messages.length;
    await page.getByLabel('利用者ID').fill('U999999');
    await page.getByRole('button', { name: '送信' }).click();
    const unknownAnswer = await page.getByTestId('reset-requested').textContent();
    await page.goto(`${web.env.baseUrl}/password-reset`);
    await page.getByLabel('利用者ID').fill(userId);
    await page.getByRole('button', { name: '送信' }).click();
    expect(await page.getByTestId('reset-requested').textContent()).toBe(unknownAnswer);
    const mail = await web.env.smtp.waitFor((m) => m.envelope.to.includes(email) && m.subject.includes('パスワード再設定のお知らせ'));
    expect(web.env.smtp.messages.slice(mark).filter((m) => m.subject.includes('パスワード再設定'))).toHaveLength(1);
    const token = /\/password-reset\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] as string;

    // The link: the token leaves the address bar; a weak password is refused with the reason, then the new one.
    await page.goto(`${web.env.baseUrl}/password-reset/${token}`);
    await page.getByRole('heading', { name: 'パスワード再設定' }).waitFor();
    expect(page.url()).not.toContain(token);
    await checkScreen(page, 'password-reset');
    await page.getByLabel('新しいパスワード', { exact: true }).fill('password');
    await page.getByLabel('新しいパスワード(確認)', { exact: true }).fill('password');
    await page.getByRole('button', { name: '確定' }).click();
    await alertOf(page).filter({ hasText: '新しいパスワードがルールを満たしていません。' }).waitFor();
    await page.getByLabel('新しいパスワード', { exact: true }).fill('Bokyaku-Shichiro-26');
    await page.getByLabel('新しいパスワード(確認)', { exact: true }).fill('Bokyaku-Shichiro-26');
    await page.getByRole('button', { name: '確定' }).click();
    await page.getByTestId('reset-done').waitFor();
    await page.getByRole('link', { name: 'ログイン画面へ' }).click();
    await logIn(page, userId, 'Bokyaku-Shichiro-26');
    await page.getByRole('heading', { name: 'トップページ' }).waitFor();

    // The same link a second time: refused as a sentence.
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.goto(`${web.env.baseUrl}/password-reset/${token}`);
    await page.getByLabel('新しいパスワード', { exact: true }).fill('Another-Shichiro-26');
    await page.getByLabel('新しいパスワード(確認)', { exact: true }).fill('Another-Shichiro-26');
    await page.getByRole('button', { name: '確定' }).click();
    await alertOf(page).filter({ hasText: 'このパスワード再設定のリンクは無効です' }).waitFor();
    consoleErrors.check([/status of 400/]);
  }, 300_000);
});
