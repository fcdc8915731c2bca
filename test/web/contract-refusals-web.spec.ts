import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import jaRegister from '@apps/web/src/i18n/ja/contract-register';
import { pdfBase64 } from '../contract-workflow/workflow-fixture';
import { ContractScreen, fill, JA, pickRoute } from './contract-path-steps';
import { checkScreen, watchConsole } from './screen-checks';
import { Chromium, DEMO_IDS, WebPlatform } from './web-platform';

const SENDER_ADMIN = 'U000001';

/**
 * The irreversible refusals of 契約文書情報 on screen: the registrant's 取消
 * (withdraw) and the recipient's 受取拒否 (decline), each with its comment,
 * behind the confirmation dialog; afterwards nobody is offered an action.
 * And the API's refusal of a route (a template naming a signer disabled
 * since) shown as a sentence on 契約文書登録.
 */
describe('web UI: 取消 and 受取拒否 in Chromium', () => {
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

  it('取消 by the registrant and 受取拒否 by the recipient, each confirmed, leave the contract with no action offered', async () => {
    const [draft] = await env.drafts(1, '取消する契約');
    const [sent] = await env.awaitingReceipt(1, '受取拒否する契約');
    const { actions } = JA.contracts;
    const page = await browser.open(`${env.baseUrl}/`);
    const consoleErrors = watchConsole(page);
    const screen = new ContractScreen(page, env, JA);

    await screen.logIn(DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await screen.openFromMyList(draft.documentNumber, 'DRAFT');
    await screen.comment(actions.withdraw.title, '発注内容の変更のため');
    // 取消 cancelled in the dialog changes nothing.
    await screen.form(actions.withdraw.title).getByRole('button', { name: actions.withdraw.button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: actions.withdraw.confirmTitle });
    await dialog.getByRole('button', { name: 'キャンセル', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    expect((await registrant.get(`/api/contracts/${draft.contractId}`)).body.status).toBe('DRAFT');
    await screen.confirmed(actions.withdraw, 'WITHDRAWN');
    await page.getByTestId('contract-actions').getByText(actions.none).waitFor();
    // Back to トップページ first: ログイン returns to the last screen, which is not the next person's to see.
    await page.getByRole('navigation').getByRole('link', { name: 'トップページ', exact: true }).click();
    await screen.logOut();

    await screen.logIn(DEMO_IDS.bulkUser, DEMO_PASSWORD);
    await screen.openFromMyList(sent.documentNumber, 'AWAITING_RECEIPT');
    await checkScreen(page, 'contract-receive');
    await screen.comment(actions.decline.title, '契約内容に誤りがあります');
    await screen.confirmed(actions.decline, 'DECLINED');
    await page.getByTestId('contract-actions').getByText(actions.none).waitFor();
    const audit = await page.getByRole('table', { name: JA.contracts.audit.table }).locator('tbody tr').allTextContents();
    expect(audit.some((row) => row.includes(JA.contracts.audit.actions.DECLINE))).toBe(true);
    expect((await registrant.get(`/api/contracts/${sent.contractId}`)).body.status).toBe('DECLINED');
    consoleErrors.check();
  }, 300_000);

  it('契約文書登録 from a template whose signer was disabled since: named as not choosable, the API’s refusal a sentence, another signer picked registers', async () => {
    // テンプレート管理 and 利用者管理 are other screens' paths: prepared through the API.
    const admin = await env.demoUser(SENDER_ADMIN);
    const signer = (await admin.post('/api/users', { name: '中村 三郎', email: 'nakamura@hatchu-kensetsu.test', roles: ['signer'] })).body
      .userId as string;
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    const template = await registrant.post('/api/templates', {
      name: '中村さん署名テンプレート',
      contractName: '署名者が停止された契約',
      counterpartyCompanyId: DEMO_IDS.receiverCompany,
      recipientUserId: DEMO_IDS.bulkUser,
      senderSide: 'ORDERER',
      route: { approvers: [], signer },
    });
    expect(template.status).toBe(201);
    expect((await admin.post(`/api/users/${signer}/disable`)).status).toBe(200);

    const page = await browser.open(`${env.baseUrl}/contracts/new`);
    const consoleErrors = watchConsole(page);
    const screen = new ContractScreen(page, env, JA);
    await screen.logIn(DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await page.getByRole('heading', { name: jaRegister.title, exact: true }).waitFor();
    await page.getByLabel(jaRegister.template).selectOption({ label: '中村さん署名テンプレート' });
    const route = page.getByRole('group', { name: jaRegister.route, exact: true });
    const signerSelect = route.getByLabel(JA.contracts.route.signer, { exact: true });
    expect(await signerSelect.inputValue()).toBe(signer);
    expect(await signerSelect.locator('option:checked').textContent()).toBe(fill(JA.contracts.route.notCandidate, { userId: signer }));
    await page
      .getByLabel(jaRegister.pdf.label)
      .setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdfBase64(), 'base64') });
    await page.getByLabel(jaRegister.fields.transactionDate).fill('2026-12-20');
    await page.getByLabel(jaRegister.fields.amount).fill('1200000');
    await page.getByRole('button', { name: jaRegister.register, exact: true }).click();
    const refusal = page.locator('.error-box[data-error-code="ROUTE_USER_INVALID"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(`回覧先: ${signer} はこの担当に指定できません`);
    expect(new URL(page.url()).pathname).toBe('/contracts/new');

    await pickRoute(route, JA, [], screen.person(DEMO_IDS.senderSigner));
    await page.getByRole('button', { name: jaRegister.register, exact: true }).click();
    await screen.waitForStatus('DRAFT');
    const id = /\/contracts\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect((await registrant.get(`/api/contracts/${id}`)).body).toMatchObject({
      name: '署名者が停止された契約',
      route: [{ userId: DEMO_IDS.senderSigner, role: 'SIGNER' }],
    });
    consoleErrors.check([/status of 400/]);
  }, 300_000);
});
