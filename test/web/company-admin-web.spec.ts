import { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { pdfBase64 } from '../contract-workflow/workflow-fixture';
import { checkScreen, logInOnScreen, watchConsole } from './screen-checks';
import { Chromium, DEMO_IDS, logIn, WebPlatform } from './web-platform';

const SENDER_ADMIN = 'U000001';
const SENDER_APPROVER = 'U000003';
const OPERATOR = 'P000001';

/**
 * テンプレート管理, 案件 and お知らせ管理 in a real Chromium against the real
 * platform, each path done on screen by its person: create → appears → edit
 * → delete / withdraw, every screen at 375 px and through axe-core, with no
 * console error. A company's notice shows on トップページ under the company's
 * name with its line breaks; the platform's under 「inkanからのお知らせ」.
 */
describe('web UI: テンプレート管理, 案件 and お知らせ管理 in Chromium', () => {
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

  const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true, level: 1 });
  const rowOf = (page: Page, table: string, text: string) =>
    page.getByRole('table', { name: table }).locator('tbody tr').filter({ hasText: text });
  /** ログアウト, finished: back on ログイン before anything else is asked. */
  const logOut = async (page: Page) => {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  };
  /** The visible confirmation of a change (the announcer says it too, for screen readers). */
  const noticeOf = (page: Page, text: string) => page.locator('#main .notice').filter({ hasText: text });
  const focused = (page: Page) => page.evaluate<string>('document.activeElement.textContent');

  it('テンプレート管理: a registrant creates a template, sees it, edits it, is offered it for 契約文書登録, and deletes it', async () => {
    const page = await browser.open(`${env.baseUrl}/templates`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await heading(page, 'テンプレート管理').waitFor();
    expect(await focused(page)).toBe('テンプレート管理');
    await page.getByTestId('empty-state').filter({ hasText: '該当するテンプレートはありません' }).waitFor();
    await checkScreen(page, 'templates-empty');

    await page.getByRole('link', { name: 'テンプレート登録' }).click();
    await heading(page, 'テンプレート登録').waitFor();
    // The name is required: said under the field, nothing sent.
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText('テンプレート名を入力してください。').waitFor();
    await page.getByLabel('テンプレート名[必須]').fill('月次工事契約');
    await page.getByLabel('契約文書名称').fill('〇〇工事請負契約');
    await page.getByLabel('取引先企業ID').fill(DEMO_IDS.receiverCompany);
    await page.getByLabel('受取担当者（利用者ID）').fill(DEMO_IDS.bulkUser);
    await page.getByLabel('自社の受発注区分').selectOption('ORDERER');
    await page.getByLabel('署名有無').selectOption('BOTH');
    await page.getByLabel('承認者（利用者ID、回覧順）').fill(SENDER_APPROVER);
    await page.getByLabel('署名者（利用者ID）').fill(DEMO_IDS.senderSigner);
    await checkScreen(page, 'template-new');
    await page.getByRole('button', { name: '登録', exact: true }).click();

    await heading(page, 'テンプレート管理').waitFor();
    await noticeOf(page, 'テンプレート「月次工事契約」を保存しました。').waitFor();
    const row = rowOf(page, 'テンプレート一覧', '月次工事契約');
    await row.waitFor();
    expect(await row.textContent()).toContain('〇〇工事請負契約');
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    const [saved] = (await registrant.get('/api/templates')).body.items;
    expect(saved).toMatchObject({
      name: '月次工事契約',
      contractName: '〇〇工事請負契約',
      counterpartyCompanyId: DEMO_IDS.receiverCompany,
      recipientUserId: DEMO_IDS.bulkUser,
      senderSide: 'ORDERER',
      signatureMode: 'BOTH',
      route: { approvers: [SENDER_APPROVER], signer: DEMO_IDS.senderSigner },
    });
    // 使用 opens 契約文書登録 with the template.
    expect(await row.getByRole('link', { name: '「月次工事契約」を使用して契約文書を登録' }).getAttribute('href')).toBe(
      `/contracts/new?templateId=${saved.templateId}`,
    );
    await checkScreen(page, 'templates');

    // A second template of the same name: the API's refusal as a sentence, nothing saved.
    await page.getByRole('link', { name: 'テンプレート登録' }).click();
    await heading(page, 'テンプレート登録').waitFor();
    await page.getByLabel('テンプレート名[必須]').fill('月次工事契約');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.locator('.error-box[data-error-code="TEMPLATE_NAME_TAKEN"]').waitFor();
    expect((await registrant.get('/api/templates')).body.total).toBe(1);
    await page.getByRole('button', { name: '戻る' }).click();

    // Edit: the form starts from the template; the change is saved whole.
    await heading(page, 'テンプレート管理').waitFor();
    await rowOf(page, 'テンプレート一覧', '月次工事契約').getByRole('link', { name: '「月次工事契約」を編集' }).click();
    await heading(page, 'テンプレート編集').waitFor();
    const contractName = page.getByLabel('契約文書名称');
    await contractName.waitFor();
    expect(await contractName.inputValue()).toBe('〇〇工事請負契約');
    expect(await page.getByLabel('承認者（利用者ID、回覧順）').inputValue()).toBe(SENDER_APPROVER);
    await contractName.fill('△△工事請負契約');
    await page.getByLabel('承認者（利用者ID、回覧順）').fill('');
    await checkScreen(page, 'template-edit');
    await page.getByRole('button', { name: '保存' }).click();
    await heading(page, 'テンプレート管理').waitFor();
    await rowOf(page, 'テンプレート一覧', '△△工事請負契約').waitFor();
    expect((await registrant.get(`/api/templates/${saved.templateId}`)).body).toMatchObject({
      contractName: '△△工事請負契約',
      route: { approvers: [], signer: DEMO_IDS.senderSigner },
    });

    // Delete: asked once more in the row, then gone.
    await page.getByRole('button', { name: '「月次工事契約」を削除' }).click();
    // The focus moves to the question's answer, so the keyboard can go on from there.
    await page.getByRole('button', { name: '削除する' }).waitFor();
    expect(await focused(page)).toBe('削除する');
    await page.keyboard.press('Enter');
    await page.getByTestId('empty-state').filter({ hasText: '該当するテンプレートはありません' }).waitFor();
    await noticeOf(page, 'テンプレート「月次工事契約」を削除しました。').waitFor();
    expect((await registrant.get('/api/templates')).body.total).toBe(0);
    consoleErrors.check([/status of 409/]);
    consoleErrors.stop();
  }, 180_000);

  it('案件: a registrant creates a matter, sees its documents, edits it, cannot delete it while used, and deletes an unused one', async () => {
    const page = await browser.open(`${env.baseUrl}/matters`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await heading(page, '案件').waitFor();
    await page.getByTestId('empty-state').filter({ hasText: '該当する案件はありません' }).waitFor();
    await checkScreen(page, 'matters-empty');

    await page.getByRole('link', { name: '案件登録' }).click();
    await heading(page, '案件登録').waitFor();
    await page.getByLabel('案件名[必須]').fill('〇〇ビル新築工事');
    await page.getByLabel('案件コード').fill('bad code!');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText('案件コードは英数字と . _ / - で50文字までにしてください。').waitFor();
    await page.getByLabel('案件コード').fill('PJ-2026/01');
    await page.getByLabel('説明').fill('第1期\n第2期');
    await checkScreen(page, 'matter-new');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await heading(page, '案件情報').waitFor();
    await noticeOf(page, '案件「〇〇ビル新築工事」を保存しました。').waitFor();
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    const [matter] = (await registrant.get('/api/matters')).body.items;
    expect(matter).toMatchObject({ name: '〇〇ビル新築工事', code: 'PJ-2026/01', description: '第1期\n第2期' });
    expect(new URL(page.url()).pathname).toBe(`/matters/${matter.matterId}`);
    await page.getByTestId('empty-state').filter({ hasText: '該当する契約文書はありません' }).waitFor();

    // A document linked at registration (契約文書登録 is another path: done through the API) shows under the matter.
    const registered = await registrant.post('/api/contracts', {
      pdfBase64: await pdfBase64(),
      name: 'Web案件契約',
      counterpartyCompanyId: DEMO_IDS.receiverCompany,
      recipientUserId: DEMO_IDS.bulkUser,
      senderSide: 'ORDERER',
      transactionDate: '2026-11-20',
      amount: 300_000,
      route: { approvers: [], signer: DEMO_IDS.senderSigner },
      matterId: matter.matterId,
    });
    expect(registered.status).toBe(201);
    await page.reload();
    const documents = page.getByRole('table', { name: '案件の文書一覧' });
    await documents.locator('tbody tr').filter({ hasText: 'Web案件契約' }).waitFor();
    expect(await documents.locator('tbody tr').first().textContent()).toContain(registered.body.documentNumber);
    await checkScreen(page, 'matter');

    // Edit: name changed, code removed.
    await page.getByLabel('案件名[必須]').fill('〇〇ビル新築工事（第1期）');
    await page.getByLabel('案件コード').fill('');
    await page.getByRole('button', { name: '保存' }).click();
    await noticeOf(page, '案件「〇〇ビル新築工事（第1期）」を保存しました。').waitFor();
    expect((await registrant.get(`/api/matters/${matter.matterId}`)).body).toMatchObject({ name: '〇〇ビル新築工事（第1期）', code: null });

    // A matter in use is not deleted: the API's refusal in words.
    await page.getByRole('button', { name: '削除', exact: true }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await page.locator('.error-box[data-error-code="MATTER_IN_USE"]').waitFor();
    expect((await registrant.get(`/api/matters/${matter.matterId}`)).status).toBe(200);

    // An unused one is.
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '案件' }).click();
    await heading(page, '案件').waitFor();
    await page.getByRole('link', { name: '案件登録' }).click();
    await heading(page, '案件登録').waitFor();
    await page.getByLabel('案件名[必須]').fill('中止になった工事');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await heading(page, '案件情報').waitFor();
    await page.getByRole('button', { name: '削除', exact: true }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await heading(page, '案件').waitFor();
    await noticeOf(page, '案件「中止になった工事」を削除しました。').waitFor();
    const rows = page.getByRole('table', { name: '案件一覧' }).locator('tbody tr');
    await rows.filter({ hasText: '〇〇ビル新築工事（第1期）' }).waitFor();
    expect(await rows.count()).toBe(1);
    await checkScreen(page, 'matters');
    expect((await registrant.get('/api/matters')).body.total).toBe(1);
    consoleErrors.check([/status of 409/]);
    consoleErrors.stop();
  }, 180_000);

  it('お知らせ管理: the 管理用ID and the operator create, schedule, edit and withdraw notices; トップページ shows them by whose they are', async () => {
    const page = await browser.open(`${env.baseUrl}/notices/manage`);
    const consoleErrors = watchConsole(page);
    await logIn(page, SENDER_ADMIN, DEMO_PASSWORD);
    await heading(page, 'お知らせ管理').waitFor();
    await page.getByTestId('empty-state').filter({ hasText: '該当するお知らせはありません' }).waitFor();
    await checkScreen(page, 'notices-manage-empty');

    // Create: the focus moves to the form; a title and body are required.
    await page.getByRole('button', { name: '新規登録' }).click();
    await page.getByRole('heading', { name: '■ お知らせの登録' }).waitFor();
    expect(await focused(page)).toBe('■ お知らせの登録');
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
    await logInOnScreen(page, env.baseUrl, OPERATOR, DEMO_PASSWORD);
    const operatorErrors = watchConsole(page);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お知らせ管理' }).click();
    await heading(page, 'お知らせ管理').waitFor();
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
    await logInOnScreen(page, env.baseUrl, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    const userErrors = watchConsole(page);
    await heading(page, 'トップページ').waitFor();
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
    const receiver = await env.demoUser(DEMO_IDS.bulkUser);
    expect((await receiver.get('/api/notices')).body.items.map((notice: { title: string }) => notice.title)).toEqual([
      'メンテナンスのお知らせ',
    ]);
    userErrors.check();
    userErrors.stop();
    await logOut(page);

    // Withdraw: gone from the list and from トップページ, kept under 取下げ済.
    await logInOnScreen(page, env.baseUrl, SENDER_ADMIN, DEMO_PASSWORD);
    const withdrawErrors = watchConsole(page);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お知らせ管理' }).click();
    await heading(page, 'お知らせ管理').waitFor();
    await page.getByRole('button', { name: '「年末年始休業のご案内」を取下げ' }).click();
    await page.getByRole('button', { name: '取り下げる' }).click();
    await noticeOf(page, 'お知らせ「年末年始休業のご案内」を取り下げました。').waitFor();
    await page.locator('tr[data-state="PUBLISHED"]').waitFor({ state: 'detached' });
    await page.getByLabel('状態').selectOption('WITHDRAWN');
    await page.locator('tr[data-state="WITHDRAWN"]').filter({ hasText: '年末年始休業のご案内' }).waitFor();
    expect(new URL(page.url()).searchParams.get('state')).toBe('WITHDRAWN');
    const user = await env.demoUser(DEMO_IDS.senderRegistrant);
    expect((await user.get('/api/notices')).body.items.map((notice: { title: string }) => notice.title)).toEqual([
      'メンテナンスのお知らせ',
    ]);
    withdrawErrors.check();
    withdrawErrors.stop();
  }, 240_000);
});
