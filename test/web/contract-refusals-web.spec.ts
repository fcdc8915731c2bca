import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { ContractScreen, JA } from './contract-path-steps';
import { checkScreen, watchConsole } from './screen-checks';
import { Chromium, DEMO_IDS, WebPlatform } from './web-platform';

/**
 * The irreversible refusals of 契約文書情報 on screen: the registrant's 取消
 * (withdraw) and the recipient's 受取拒否 (decline), each with its comment,
 * behind the confirmation dialog; afterwards nobody is offered an action.
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
});
