import { Locator, Page } from 'playwright-core';
import { ContractScreen, fill, pickRoute } from './contract-path-steps';
import { DEMO_IDS, WebPlatform } from './web-platform';

const SENDER_ADMIN = 'U000001';
const SENDER_APPROVER = 'U000003'; // 鈴木 一郎

/** People of 発注建設株式会社 beyond the demo's, registered by its 管理用ID (利用者管理 is another screen's path). */
export interface MoreApprovers {
  /** An active 承認者: offered by the picker. */
  extra: { userId: string; name: string };
  /** A 承認者 whose ID was then disabled: never offered. */
  disabled: string;
  /** A user holding neither 承認者 nor 署名者: never offered. */
  noRouteRole: string;
}

export async function moreApprovers(env: WebPlatform): Promise<MoreApprovers> {
  const admin = await env.demoUser(SENDER_ADMIN);
  const register = async (name: string, email: string, roles: string[]) => {
    const reply = await admin.post('/api/users', { name, email, roles });
    expect(reply.status).toBe(201);
    return reply.body.userId as string;
  };
  const extra = { userId: await register('伊藤 花子', 'ito@hatchu-kensetsu.test', ['approver']), name: '伊藤 花子' };
  const disabled = await register('渡辺 健', 'watanabe@hatchu-kensetsu.test', ['approver', 'signer']);
  expect((await admin.post(`/api/users/${disabled}/disable`)).status).toBe(200);
  const noRouteRole = await register('小林 直美', 'kobayashi@hatchu-kensetsu.test', ['registrant']);
  return { extra, disabled, noRouteRole };
}

/** The text of the focused element. */
const focused = (page: Page) => page.evaluate<string>('document.activeElement?.textContent ?? ""');

/**
 * 契約文書登録's own route picked with the keyboard where a person would:
 * only the own company's active 承認者 / 署名者 are offered; two approvers
 * added, the second moved up (the focus follows it), the other removed, the
 * signer chosen. The route left is 鈴木 一郎 → 田中 誠.
 */
export async function pickSenderRoute(page: Page, screen: ContractScreen, others: MoreApprovers, scope: Locator): Promise<void> {
  const { route } = screen.texts.contracts;
  const picker = scope.getByLabel(route.pickApprover, { exact: true });
  const signer = scope.getByLabel(route.signer, { exact: true });
  const extra = screen.person(others.extra.userId, others.extra.name);
  await picker.locator('option', { hasText: extra }).waitFor({ state: 'attached' });
  expect(await picker.locator('option').allTextContents()).toEqual([route.choose, screen.person(SENDER_APPROVER), extra]);
  expect(await signer.locator('option').allTextContents()).toEqual([route.choose, screen.person(DEMO_IDS.senderSigner)]);
  const offered = await scope.locator('option').evaluateAll((options) => options.map((option) => (option as { value: string }).value));
  for (const never of [others.disabled, others.noRouteRole, DEMO_IDS.senderRegistrant, DEMO_IDS.receiverApprover, DEMO_IDS.bulkUser]) {
    expect(offered).not.toContain(never);
  }

  await pickRoute(scope, screen.texts, [extra, screen.person(SENDER_APPROVER)], screen.person(DEMO_IDS.senderSigner));
  // After 追加 the focus is back on the picker, which now offers nobody more.
  expect(await page.evaluate<string>('document.activeElement?.tagName')).toBe('SELECT');
  expect(await picker.locator('option').allTextContents()).toEqual([route.choose]);
  await scope.getByText(route.noApproverChoices, { exact: true }).waitFor();

  // 承認者2 moved up with the keyboard: it becomes 承認者1 and keeps the focus (on 下へ, as 上へ is now disabled).
  await scope.getByRole('button', { name: fill(route.up, { number: 2 }), exact: true }).focus();
  await page.keyboard.press('Enter');
  const rows = scope.getByTestId('route-approvers').locator('li');
  await rows
    .first()
    .getByText(fill(route.approverRow, { number: 1, person: screen.person(SENDER_APPROVER) }), { exact: true })
    .waitFor();
  expect(await focused(page)).toBe(fill(route.down, { number: 1 }));
  // 承認者2 (伊藤 花子) removed: the focus goes back to the picker, which offers her again.
  await scope.getByRole('button', { name: fill(route.remove, { number: 2 }), exact: true }).focus();
  await page.keyboard.press('Enter');
  await picker.locator('option', { hasText: extra }).waitFor({ state: 'attached' });
  expect(await rows.allTextContents()).toEqual([
    expect.stringContaining(fill(route.approverRow, { number: 1, person: screen.person(SENDER_APPROVER) })),
  ]);
  expect(await page.evaluate<string>('document.activeElement?.tagName')).toBe('SELECT');
}
