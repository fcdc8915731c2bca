import { Page } from 'playwright-core';
import { eventually } from '@app/testing';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { pdfBase64 } from '../contract-workflow/workflow-fixture';
import { DEMO_NAMES, fill, JA, pickRoute } from './contract-path-steps';
import { checkScreen, watchConsole } from './screen-checks';
import { DEMO_IDS, logIn } from './web-platform';
import { focusedText, headingOf, noticeOf, webSuite } from './web-suite';

const SENDER_APPROVER = 'U000003';
/** A person as the route picker names them: 「鈴木 一郎（U000003）」. */
const person = (userId: string) => fill(JA.contracts.route.person, { name: DEMO_NAMES[userId], userId });

/**
 * テンプレート管理 and 案件 in a real Chromium against the real platform, each
 * path done on screen by a registrant: create → appears → edit → delete,
 * refusals as sentences, every screen at 375 px and through axe-core, with
 * no console error. (お知らせ管理: notices-web.spec.ts.)
 */
describe('web UI: テンプレート管理 and 案件 in Chromium', () => {
  const web = webSuite();

  const rowOf = (page: Page, table: string, text: string) =>
    page.getByRole('table', { name: table }).locator('tbody tr').filter({ hasText: text });

  it('テンプレート管理: a registrant creates a template, sees it, edits it, is offered it for 契約文書登録, and deletes it', async () => {
    const page = await web.browser.open(`${web.env.baseUrl}/templates`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await headingOf(page, 'テンプレート管理').waitFor();
    expect(await focusedText(page)).toBe('テンプレート管理');
    await page.getByTestId('empty-state').filter({ hasText: '該当するテンプレートはありません' }).waitFor();
    await checkScreen(page, 'templates-empty');

    await page.getByRole('link', { name: 'テンプレート登録' }).click();
    await headingOf(page, 'テンプレート登録').waitFor();
    // The name is required: said under the field, nothing sent.
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText('テンプレート名を入力してください。').waitFor();
    await page.getByLabel('テンプレート名[必須]').fill('月次工事契約');
    await page.getByLabel('契約文書名称').fill('〇〇工事請負契約');
    await page.getByLabel('取引先企業ID').fill(DEMO_IDS.receiverCompany);
    await page.getByLabel('受取担当者（利用者ID）').fill(DEMO_IDS.bulkUser);
    await page.getByLabel('自社の受発注区分').selectOption('ORDERER');
    await page.getByLabel('署名有無').selectOption('BOTH');
    // The route's people are picked from the own company's users, as at 契約文書登録.
    const routeGroup = page.getByRole('group', { name: '自社の回覧先', exact: true });
    // Approvers without a signer: said under 署名者, nothing sent.
    await pickRoute(routeGroup, JA, [person(SENDER_APPROVER)], JA.contracts.route.choose);
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await routeGroup.getByText('承認者を指定するときは署名者も指定してください。').waitFor();
    expect(await page.getByLabel('署名者', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await (await web.env.demoUser(DEMO_IDS.senderRegistrant)).get('/api/templates')).body.total).toBe(0);
    await pickRoute(routeGroup, JA, [], person(DEMO_IDS.senderSigner));
    await checkScreen(page, 'template-new');
    await page.getByRole('button', { name: '登録', exact: true }).click();

    await headingOf(page, 'テンプレート管理').waitFor();
    await noticeOf(page, 'テンプレート「月次工事契約」を保存しました。').waitFor();
    const row = rowOf(page, 'テンプレート一覧', '月次工事契約');
    await row.waitFor();
    expect(await row.textContent()).toContain('〇〇工事請負契約');
    const registrant = await web.env.demoUser(DEMO_IDS.senderRegistrant);
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
    await row.getByRole('link', { name: '「月次工事契約」を使用して契約文書を登録' }).click();
    await headingOf(page, '契約文書登録').waitFor();
    await eventually(async () => (await page.locator('#register-template').inputValue()) === saved.templateId);
    expect(await page.getByLabel('契約文書名称').inputValue()).toBe('〇〇工事請負契約');
    await page.goBack();
    await headingOf(page, 'テンプレート管理').waitFor();

    // A second template of the same name: the API's refusal as a sentence, nothing saved.
    await page.getByRole('link', { name: 'テンプレート登録' }).click();
    await headingOf(page, 'テンプレート登録').waitFor();
    await page.getByLabel('テンプレート名[必須]').fill('月次工事契約');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.locator('.error-box[data-error-code="TEMPLATE_NAME_TAKEN"]').waitFor();
    expect((await registrant.get('/api/templates')).body.total).toBe(1);
    await page.getByRole('button', { name: '戻る' }).click();

    // Edit: the form starts from the template; the change is saved whole.
    await headingOf(page, 'テンプレート管理').waitFor();
    await rowOf(page, 'テンプレート一覧', '月次工事契約').getByRole('link', { name: '「月次工事契約」を編集' }).click();
    await headingOf(page, 'テンプレート編集').waitFor();
    const contractName = page.getByLabel('契約文書名称');
    await contractName.waitFor();
    expect(await contractName.inputValue()).toBe('〇〇工事請負契約');
    // The saved route shows its people by name; the approver is removed with 削除.
    const approvers = page.getByTestId('route-approvers');
    expect(await approvers.locator('li').allTextContents()).toEqual([
      expect.stringContaining(fill(JA.contracts.route.approverRow, { number: 1, person: person(SENDER_APPROVER) })),
    ]);
    expect(await page.getByLabel('署名者', { exact: true }).inputValue()).toBe(DEMO_IDS.senderSigner);
    await contractName.fill('△△工事請負契約');
    await approvers.getByRole('button', { name: fill(JA.contracts.route.remove, { number: 1 }), exact: true }).click();
    await page.getByText(JA.contracts.route.noApprovers, { exact: true }).waitFor();
    await checkScreen(page, 'template-edit');
    await page.getByRole('button', { name: '保存' }).click();
    await headingOf(page, 'テンプレート管理').waitFor();
    await rowOf(page, 'テンプレート一覧', '△△工事請負契約').waitFor();
    expect((await registrant.get(`/api/templates/${saved.templateId}`)).body).toMatchObject({
      contractName: '△△工事請負契約',
      route: { approvers: [], signer: DEMO_IDS.senderSigner },
    });

    // Delete: asked once more in the row, then gone.
    await page.getByRole('button', { name: '「月次工事契約」を削除' }).click();
    // The focus moves to the question's answer, so the keyboard can go on from there.
    await page.getByRole('button', { name: '削除する' }).waitFor();
    expect(await focusedText(page)).toBe('削除する');
    await page.keyboard.press('Enter');
    await page.getByTestId('empty-state').filter({ hasText: '該当するテンプレートはありません' }).waitFor();
    await noticeOf(page, 'テンプレート「月次工事契約」を削除しました。').waitFor();
    expect((await registrant.get('/api/templates')).body.total).toBe(0);
    consoleErrors.check([/status of 409/]);
    consoleErrors.stop();
  }, 180_000);

  it('案件: a registrant creates a matter, sees its documents, edits it, cannot delete it while used, and deletes an unused one', async () => {
    const page = await web.browser.open(`${web.env.baseUrl}/matters`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.senderRegistrant, DEMO_PASSWORD);
    await headingOf(page, '案件').waitFor();
    await page.getByTestId('empty-state').filter({ hasText: '該当する案件はありません' }).waitFor();
    await checkScreen(page, 'matters-empty');

    await page.getByRole('link', { name: '案件登録' }).click();
    await headingOf(page, '案件登録').waitFor();
    await page.getByLabel('案件名[必須]').fill('〇〇ビル新築工事');
    await page.getByLabel('案件コード').fill('bad code!');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText('案件コードは英数字と . _ / - で50文字までにしてください。').waitFor();
    await page.getByLabel('案件コード').fill('PJ-2026/01');
    await page.getByLabel('説明').fill('第1期\n第2期');
    await checkScreen(page, 'matter-new');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await headingOf(page, '案件情報').waitFor();
    await noticeOf(page, '案件「〇〇ビル新築工事」を保存しました。').waitFor();
    const registrant = await web.env.demoUser(DEMO_IDS.senderRegistrant);
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
    await headingOf(page, '案件').waitFor();
    await page.getByRole('link', { name: '案件登録' }).click();
    await headingOf(page, '案件登録').waitFor();
    await page.getByLabel('案件名[必須]').fill('中止になった工事');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await headingOf(page, '案件情報').waitFor();
    await page.getByRole('button', { name: '削除', exact: true }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await headingOf(page, '案件').waitFor();
    await noticeOf(page, '案件「中止になった工事」を削除しました。').waitFor();
    const rows = page.getByRole('table', { name: '案件一覧' }).locator('tbody tr');
    await rows.filter({ hasText: '〇〇ビル新築工事（第1期）' }).waitFor();
    expect(await rows.count()).toBe(1);
    await checkScreen(page, 'matters');
    expect((await registrant.get('/api/matters')).body.total).toBe(1);
    consoleErrors.check([/status of 409/]);
    consoleErrors.stop();
  }, 180_000);
});
