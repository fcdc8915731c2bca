import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import jaRegister from '@apps/web/src/i18n/ja/contract-register';
import { pdfBase64 } from '../contract-workflow/workflow-fixture';
import { checkScreen, watchConsole } from './screen-checks';
import { chooseEnglish, ContractScreen, dataTransferOf, EN, fill, JA, receiverPath, sha256 } from './contract-path-steps';
import { moreApprovers, pickSenderRoute } from './route-picker-steps';
import { Chromium, DEMO_EMAILS, DEMO_IDS, WebPlatform } from './web-platform';

const APPROVER = 'U000003'; // 鈴木 一郎, the sender's approver

/**
 * The contract path in Chromium against the real platform, every step on
 * screen: the sender's 登録担当者 registers a PDF with a route picked from
 * the own company's people (drag and drop, Idempotency-Key, multipart), its 承認者 approves, its 署名者 signs
 * (a wrong password refused, a new one asked for); the receiver's 受取担当者
 * confirms receipt with a route, the approver returns it, it is re-routed,
 * approved and signed → 締結済, the PDF downloaded in the browser carrying two
 * valid, trusted signatures; a mail link opened while logged out; the
 * receiver's path again in English, each person having switched to it in 個人設定 → 言語.
 */
describe('web UI: the contract path in Chromium', () => {
  let env: WebPlatform;
  let browser: Chromium;
  let documentNumber: string;
  let contractId: string;

  beforeAll(async () => {
    env = await WebPlatform.start();
    browser = await Chromium.launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  }, 60_000);

  it('path 2: 登録担当者 registers a PDF with a route and sends it, 承認者 approves, 署名者 signs with the password from the mail', async () => {
    const others = await moreApprovers(env);
    const page = await browser.open(`${env.baseUrl}/`);
    const consoleErrors = watchConsole(page);
    const screen = new ContractScreen(page, env, JA);
    const { actions } = JA.contracts;
    await screen.logIn(DEMO_IDS.senderRegistrant, DEMO_PASSWORD);

    // 契約締結▼ → 契約文書登録.
    const menu = page.getByRole('navigation', { name: 'メニュー' });
    await menu.getByRole('button', { name: '契約締結', exact: true }).click();
    await menu.getByRole('link', { name: '契約文書登録', exact: true }).click();
    await page.getByRole('heading', { name: '契約文書登録', exact: true }).waitFor();
    expect(await page.getByText(fill(jaRegister.pdf.hint, { limit: '50' })).count()).toBe(1);

    // A file that is not a PDF, chosen with the button, is refused before anything is sent.
    await page.getByLabel('契約文書PDF').setInputFiles({ name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText(jaRegister.pdf.notPdf).waitFor();

    // The PDF dropped on the box, the contract information, the receiver and the own route.
    const pdf = Buffer.from(await pdfBase64(), 'base64');
    await page.getByTestId('pdf-drop-zone').dispatchEvent('drop', { dataTransfer: await dataTransferOf(page, pdf, '工事請負契約書.pdf') });
    await page.getByTestId('pdf-chosen').filter({ hasText: '工事請負契約書.pdf' }).waitFor();
    await page.getByLabel('契約文書名称').fill('Web登録 工事請負契約');
    await page.getByLabel('取引先企業ID').fill(DEMO_IDS.receiverCompany);
    await page.getByLabel('受取担当者（利用者ID）').fill(DEMO_IDS.bulkUser);
    await page.getByRole('radio', { name: '発注側' }).check();
    await page.getByLabel('取引年月日').fill('2026-12-01');
    await page.getByLabel('取引金額（円）').fill('3,300,000');
    await pickSenderRoute(page, screen, others, page.getByRole('group', { name: jaRegister.route, exact: true }));
    await checkScreen(page, 'contract-register');

    const upload = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/contracts');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    const request = await upload;
    expect(request.headers()['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(request.headers()['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    await screen.waitForStatus('DRAFT');
    contractId = /\/contracts\/([0-9a-f-]{36})/.exec(page.url())![1];
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    const registered = (await registrant.get(`/api/contracts/${contractId}`)).body;
    documentNumber = registered.documentNumber;
    expect(registered).toMatchObject({
      name: 'Web登録 工事請負契約',
      amount: 3_300_000,
      transactionDate: '2026-12-01',
      signatureMode: 'BOTH',
      uploadSha256: sha256(pdf),
      sender: { side: 'ORDERER' },
      receiver: { companyId: DEMO_IDS.receiverCompany, recipientUserId: DEMO_IDS.bulkUser },
    });
    expect(registered.route.map((step: { userId: string; role: string }) => `${step.role}:${step.userId}`)).toEqual([
      `APPROVER:${APPROVER}`,
      `SIGNER:${DEMO_IDS.senderSigner}`,
    ]);

    // 送信: the dialog keeps the focus, Escape closes it and nothing is sent; then it is confirmed.
    await screen.form(actions.submit.title).getByRole('button', { name: actions.submit.button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: actions.submit.confirmTitle });
    await dialog.waitFor();
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('キャンセル');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // Cancel → the dialog's 送信 → back to cancel: the focus never leaves the dialog.
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('キャンセル');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate<string>('document.querySelector("dialog[open]").contains(document.activeElement)')).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe(actions.submit.button);
    expect((await registrant.get(`/api/contracts/${contractId}`)).body.status).toBe('DRAFT');
    await screen.confirmed(actions.submit, 'SENDER_APPROVAL');
    await checkScreen(page, 'contract-info');

    // 承認者: from マイリスト, 承認 with a comment.
    await screen.logOut();
    await screen.logIn(APPROVER, DEMO_PASSWORD);
    await screen.openFromMyList(documentNumber, 'SENDER_APPROVAL');
    await screen.comment(actions.approve.title, '内容を確認しました');
    await screen.confirmed(actions.approve, 'SENDER_SIGNATURE');

    // 署名者: a wrong password is refused; 再発行 mails a new one, which signs.
    await screen.logOut();
    let mark = env.smtp.messages.length;
    await screen.logIn(DEMO_IDS.senderSigner, DEMO_PASSWORD);
    await screen.openFromMyList(documentNumber, 'SENDER_SIGNATURE');
    await screen.sign('wrong-password-1');
    const refusal = screen.form(actions.sign.title).locator('.error-box');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-error-code')).toMatch(/^SIGNING_PASSWORD_/);
    expect(await screen.form(actions.sign.title).getByLabel(actions.sign.password).inputValue()).toBe('');
    await screen.signingPassword(DEMO_EMAILS.senderSigner, documentNumber, 0);
    mark = env.smtp.messages.length;
    await screen.form(actions.sign.title).getByRole('button', { name: actions.reissue.button }).click();
    await page.getByRole('status').filter({ hasText: actions.reissue.done }).waitFor();
    await screen.sign(await screen.signingPassword(DEMO_EMAILS.senderSigner, documentNumber, mark));
    await screen.waitForStatus('AWAITING_RECEIPT');
    const signatures = page.getByTestId('signatures').locator('li');
    await signatures.first().waitFor();
    expect(await signatures.allTextContents()).toEqual([expect.stringMatching(/^有効 発注建設株式会社 田中 誠/)]);
    await checkScreen(page, 'contract-signed');
    consoleErrors.check([/status of 400/]);
  }, 420_000);

  it('path 3: 受取担当者 confirms receipt with a route, the approver returns it, it is re-routed, approved and signed; the downloaded PDF has two trusted signatures', async () => {
    const page = await browser.open(`${env.baseUrl}/`);
    const consoleErrors = watchConsole(page);
    await receiverPath(page, env, JA, documentNumber);
    await checkScreen(page, 'contract-concluded');
    consoleErrors.check();
  }, 420_000);

  it('path 7: a mail link to the contract, opened logged out, leads through ログイン to that contract', async () => {
    const mail = await env.smtp.waitFor(
      (m) => m.envelope.to.includes(DEMO_EMAILS.bulkUser) && m.text.includes(`/contracts/${documentNumber}`),
    );
    const link = new URL(/https?:\/\/\S+\/contracts\/\d{10}/.exec(mail.text)![0]);
    const page = await browser.open(`${env.baseUrl}${link.pathname}`);
    const consoleErrors = watchConsole(page);
    const screen = new ContractScreen(page, env, JA);
    await screen.logIn(DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await page.getByRole('heading', { name: '契約文書情報', exact: true }).waitFor();
    await screen.waitForStatus('CONCLUDED');
    expect(new URL(page.url()).pathname).toBe(`/contracts/${documentNumber}`);
    expect(await page.getByTestId('contract-info').locator('dd').first().textContent()).toBe(documentNumber);
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('契約文書情報');
    consoleErrors.check();
  }, 120_000);

  it('マイリスト conditions; 送信済み一覧 / 受信一覧: the company’s sent or received contracts, searched by status and counterparty; an upside-down range and an empty result said in words', async () => {
    const page = await browser.open(`${env.baseUrl}/`);
    const consoleErrors = watchConsole(page);
    const screen = new ContractScreen(page, env, JA);
    await screen.logIn(DEMO_IDS.senderRegistrant, DEMO_PASSWORD);

    // マイリスト's conditions on トップページ: kept in the URL, the API's answer shown; none matching is said in words.
    await page.getByRole('heading', { name: 'トップページ', exact: true }).waitFor();
    await page.getByText('検索条件', { exact: true }).click();
    await page.getByLabel('ステータス').selectOption({ label: '締結済' });
    await page.getByLabel('送受信').selectOption({ label: '送信した契約文書' });
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.search === '?direction=SENT&status=CONCLUDED');
    await page.getByTestId('my-list-count').filter({ hasText: '1件中 1～1件目を表示' }).waitFor();
    expect(await page.getByRole('table', { name: 'マイリスト' }).locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining(`${documentNumber}Web登録 工事請負契約`),
    ]);
    await page.getByLabel('送受信').selectOption({ label: '受信した契約文書' });
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await page.getByText('該当する契約文書はありません').waitFor();
    await checkScreen(page, 'my-list-conditions');

    const menu = page.getByRole('navigation', { name: 'メニュー' });
    await menu.getByRole('button', { name: '契約締結', exact: true }).click();
    await menu.getByRole('link', { name: '送信済み一覧', exact: true }).click();
    await page.getByRole('heading', { name: '送信済み一覧', exact: true }).waitFor();
    const table = page.getByRole('table', { name: '送信済み一覧' });
    await table.getByRole('link', { name: documentNumber, exact: true }).waitFor();

    await page.getByLabel('ステータス').selectOption({ label: '締結済' });
    await page.getByLabel('取引先企業名').fill('受注工務店');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'CONCLUDED');
    await page.getByTestId('result-count').filter({ hasText: '1件中 1～1件目を表示' }).waitFor();
    expect(await table.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining(`${documentNumber}Web登録 工事請負契約`)]);
    await checkScreen(page, 'contracts-sent');

    // 更新日 upside down: said under the range, nothing searched.
    const url = page.url();
    await page.getByLabel('更新日（から）').fill('2026-12-31');
    await page.getByLabel('更新日（まで）').fill('2026-01-01');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await page.getByText('更新日の範囲が逆です。').waitFor();
    expect(page.url()).toBe(url);
    await page.getByLabel('更新日（から）').fill('');
    await page.getByLabel('取引先企業名').fill('存在しない取引先');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await page.getByText('該当する契約文書はありません').waitFor();

    // The filter is the API's: the sender company received nothing; the receiver's 受信一覧 holds the contract.
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    expect((await registrant.get('/api/contracts?scope=COMPANY&direction=RECEIVED')).body.total).toBe(0);
    expect((await registrant.get('/api/contracts?scope=COMPANY&direction=SENT')).body.total).toBeGreaterThan(0);
    await screen.logOut();
    await screen.logIn(DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await menu.getByRole('button', { name: '契約締結', exact: true }).click();
    await menu.getByRole('link', { name: '受信一覧', exact: true }).click();
    await page.getByRole('table', { name: '受信一覧' }).getByRole('link', { name: documentNumber, exact: true }).click();
    await screen.waitForStatus('CONCLUDED');
    consoleErrors.check();
  }, 300_000);

  it('契約文書登録 from a template, under a 案件: the template fills the form, the contract keeps the template’s route and the matter', async () => {
    // テンプレート管理 and 案件 are other screens' paths: prepared through the API.
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    const template = await registrant.post('/api/templates', {
      name: '下請工事テンプレート',
      contractName: 'テンプレート工事契約',
      counterpartyCompanyId: DEMO_IDS.receiverCompany,
      recipientUserId: DEMO_IDS.bulkUser,
      senderSide: 'CONTRACTOR',
      signatureMode: 'SENDER_ONLY',
      route: { approvers: [APPROVER], signer: DEMO_IDS.senderSigner },
    });
    expect(template.status).toBe(201);
    const matter = await registrant.post('/api/matters', { name: '駅前再開発', code: 'P-2026-01' });
    expect(matter.status).toBe(201);

    const page = await browser.open(`${env.baseUrl}/contracts/new`);
    const consoleErrors = watchConsole(page);
    const screen = new ContractScreen(page, env, JA);
    await screen.logIn(DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await page.getByRole('heading', { name: '契約文書登録', exact: true }).waitFor();
    await page.getByLabel('テンプレート').selectOption({ label: '下請工事テンプレート' });
    expect(await page.getByLabel('契約文書名称').inputValue()).toBe('テンプレート工事契約');
    expect(await page.getByLabel('受取担当者（利用者ID）').inputValue()).toBe(DEMO_IDS.bulkUser);
    expect(await page.getByRole('radio', { name: '受注側' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: '発信者のみ署名' }).isChecked()).toBe(true);
    await page
      .getByTestId('route-approvers')
      .getByText(`承認者1: ${screen.person(APPROVER)}`, { exact: true })
      .waitFor();
    expect(await page.getByLabel('署名者', { exact: true }).inputValue()).toBe(DEMO_IDS.senderSigner);
    await page
      .getByLabel('契約文書PDF')
      .setInputFiles({ name: 'template.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdfBase64(), 'base64') });
    await page.getByLabel('取引年月日').fill('2026-12-10');
    await page.getByLabel('取引金額（円）').fill('12.5');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText(jaRegister.amountInvalid).waitFor();
    await page.getByLabel('取引金額（円）').fill('500000');
    await page.getByLabel('案件（任意）').selectOption({ label: 'P-2026-01 駅前再開発' });
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByRole('heading', { name: '契約文書情報', exact: true }).waitFor();
    await new ContractScreen(page, env, JA).waitForStatus('DRAFT');
    const id = /\/contracts\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect((await registrant.get(`/api/contracts/${id}`)).body).toMatchObject({
      name: 'テンプレート工事契約',
      signatureMode: 'SENDER_ONLY',
      amount: 500_000,
      matterId: matter.body.matterId,
      sender: { side: 'CONTRACTOR' },
      route: [
        { userId: APPROVER, role: 'APPROVER' },
        { userId: DEMO_IDS.senderSigner, role: 'SIGNER' },
      ],
    });
    consoleErrors.check();
  }, 180_000);

  it('path 8: the receiver path in English', async () => {
    const [contract] = await env.awaitingReceipt(1, 'English contract');
    const page = await browser.open(`${env.baseUrl}/`);
    const consoleErrors = watchConsole(page);
    // Each of the two switches to English on screen (個人設定 → 言語); the setting is theirs, not the browser's.
    for (const userId of [DEMO_IDS.bulkUser, DEMO_IDS.receiverApprover]) {
      await chooseEnglish(page, env, userId);
      expect((await (await env.demoUser(userId)).get('/api/auth/session')).body.session.language).toBe('en');
    }
    await receiverPath(page, env, EN, contract.documentNumber, EN);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Contract document');
    expect(await page.getByTestId('contract-info').textContent()).toContain('Concluded');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await checkScreen(page, 'contract-concluded-en');
    consoleErrors.check();
  }, 420_000);
});
