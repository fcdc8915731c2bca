import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { nssDatabaseTrusting, runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import enCommon from '@apps/web/src/i18n/en/common';
import enContracts from '@apps/web/src/i18n/en/contracts';
import enShell from '@apps/web/src/i18n/en/shell';
import enAuth from '@apps/web/src/i18n/en/auth';
import jaCommon from '@apps/web/src/i18n/ja/common';
import jaContracts from '@apps/web/src/i18n/ja/contracts';
import jaShell from '@apps/web/src/i18n/ja/shell';
import jaAuth from '@apps/web/src/i18n/ja/auth';
import jaTop from '@apps/web/src/i18n/ja/top';
import enTop from '@apps/web/src/i18n/en/top';
import jaSettings from '@apps/web/src/i18n/ja/settings';
import enSettings from '@apps/web/src/i18n/en/settings';
import { DEMO_EMAILS, DEMO_IDS, WebPlatform } from './web-platform';

const RECEIVER_APPROVER = DEMO_IDS.receiverApprover; // 高橋 三郎

/** The demo people a route picker offers, by 利用者ID. */
export const DEMO_NAMES: Record<string, string> = {
  U000003: '鈴木 一郎',
  [DEMO_IDS.senderSigner]: '田中 誠',
  [DEMO_IDS.bulkUser]: '佐藤 二郎',
  [DEMO_IDS.receiverApprover]: '高橋 三郎',
};
export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The page's DataTransfer holding `bytes` as a file, for a drop (page code as text: the tests compile without the DOM's types). */
export const dataTransferOf = (page: Page, bytes: Buffer, name: string) =>
  page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], ${JSON.stringify(name)}, { type: 'application/pdf' }));
    return transfer;
  })()`);

/** The texts a person reads on 契約文書情報, in one language, from the UI's own dictionaries. */
export interface Texts {
  contracts: typeof jaContracts | typeof enContracts;
  common: typeof jaCommon | typeof enCommon;
  shell: typeof jaShell | typeof enShell;
  auth: typeof jaAuth | typeof enAuth;
  top: typeof jaTop | typeof enTop;
}
export const JA: Texts = { contracts: jaContracts, common: jaCommon, shell: jaShell, auth: jaAuth, top: jaTop };
export const EN: Texts = { contracts: enContracts, common: enCommon, shell: enShell, auth: enAuth, top: enTop };

/** A dictionary text with its `{{placeholders}}` filled. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));

/** The steps of 契約文書情報 as a person takes them, in the language of `texts`. */
export class ContractScreen {
  constructor(
    private readonly page: Page,
    private readonly env: WebPlatform,
    readonly texts: Texts,
  ) {}

  async logIn(userId: string, password: string): Promise<void> {
    const { auth } = this.texts;
    await this.page.getByRole('heading', { name: auth.title, exact: true }).waitFor();
    await this.page.getByLabel(auth.loginId).fill(userId);
    await this.page.getByLabel(auth.password, { exact: true }).fill(password);
    await this.page.getByRole('button', { name: auth.submit, exact: true }).click();
    await this.page.locator('nav.menu').waitFor();
  }

  async logOut(): Promise<void> {
    await this.page.getByRole('navigation').getByRole('button', { name: this.texts.shell.logout, exact: true }).click();
    await this.page.getByRole('heading', { name: this.texts.auth.title, exact: true }).waitFor();
  }

  /** トップページ from the menu, then from its マイリスト the document by its 文書管理番号; waits for its 契約文書情報 in `status`. */
  async openFromMyList(documentNumber: string, status: keyof Texts['common']['status']): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name: this.texts.shell.menu.top, exact: true }).click();
    await this.page.getByRole('heading', { name: this.texts.top.title, exact: true }).waitFor();
    await this.page
      .getByRole('table', { name: this.texts.top.myListName })
      .getByRole('link', { name: documentNumber, exact: true })
      .click();
    await this.page.getByRole('heading', { name: this.texts.contracts.title, exact: true }).waitFor();
    await this.waitForStatus(status);
  }

  async waitForStatus(status: keyof Texts['common']['status']): Promise<void> {
    await this.page.getByTestId('contract-info').locator('dd').getByText(this.texts.common.status[status], { exact: true }).waitFor();
  }

  /** The action form named `title` (承認, 差戻し, …). */
  form(title: string) {
    return this.page.getByRole('form', { name: title, exact: true });
  }

  /** Presses the form's button, then the confirmation dialog's; waits for `status`. */
  async confirmed(action: { title: string; button: string; confirmTitle: string }, status: keyof Texts['common']['status']) {
    await this.form(action.title).getByRole('button', { name: action.button, exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: action.confirmTitle, exact: true });
    await dialog.getByRole('button', { name: action.button, exact: true }).click();
    await this.waitForStatus(status);
  }

  /** A person as the route pickers name them: 「鈴木 一郎（U000003）」. */
  person(userId: string, name = DEMO_NAMES[userId]): string {
    return fill(this.texts.contracts.route.person, { name, userId });
  }

  /** 社内回覧先設定 of the form `title` picked on screen: the approvers in order, then the signer. */
  async setRoute(title: string, approvers: string[], signer: string): Promise<void> {
    await pickRoute(
      this.form(title),
      this.texts,
      approvers.map((id) => this.person(id)),
      this.person(signer),
    );
  }

  async comment(title: string, text: string): Promise<void> {
    await this.form(title).getByLabel(this.texts.contracts.actions.comment, { exact: true }).fill(text);
  }

  /** 署名 with the only active certificate (chosen by itself) and the signing password. */
  async sign(signingPassword: string): Promise<void> {
    const { sign } = this.texts.contracts.actions;
    const form = this.form(sign.title);
    await form.getByLabel(sign.password, { exact: true }).fill(signingPassword);
    await form.getByRole('button', { name: sign.button, exact: true }).click();
  }

  /** The signing password of the first 「署名用パスワード」 mail to `email` naming `documentNumber`, from mail `after` on. */
  async signingPassword(email: string, documentNumber: string, after: number): Promise<string> {
    const mail = await this.env.smtp.waitFor(
      (m) =>
        m.envelope.to.includes(email) &&
        /署名用パスワード|signing password/.test(m.subject) &&
        this.env.smtp.messages.indexOf(m) >= after &&
        m.text.includes(documentNumber),
      60_000,
    );
    const value = /(?:署名用パスワード|Signing password): (\S+)/.exec(mail.text)?.[1];
    if (!value) {
      throw new Error(`no signing password in "${mail.subject}"`);
    }
    return value;
  }
}

/**
 * Picks a route in the route editor inside `scope`: each approver chosen in
 * 追加する承認者 and added (waiting for its row), then the signer chosen.
 * People are given as the pickers name them (`ContractScreen.person`).
 */
export async function pickRoute(scope: Locator, texts: Texts, approvers: string[], signer: string): Promise<void> {
  const { route } = texts.contracts;
  const list = scope.getByTestId('route-approvers');
  const already = (await list.count()) === 0 ? 0 : await list.locator('li').count();
  for (const [index, approver] of approvers.entries()) {
    await scope.getByLabel(route.pickApprover, { exact: true }).selectOption({ label: approver });
    await scope.getByRole('button', { name: route.addApprover, exact: true }).click();
    await list.getByText(fill(route.approverRow, { number: already + index + 1, person: approver }), { exact: true }).waitFor();
  }
  await scope.getByLabel(route.signer, { exact: true }).selectOption({ label: signer });
}

/** ログイン in the language the login page shows: the last one chosen on this browser. */
export async function logInAsShown(page: Page, env: WebPlatform, userId: string): Promise<void> {
  await page.getByRole('heading', { name: new RegExp(`^(${JA.auth.title}|${EN.auth.title})$`) }).waitFor();
  const texts = (await page.locator('html').getAttribute('lang')) === 'en' ? EN : JA;
  await new ContractScreen(page, env, texts).logIn(userId, DEMO_PASSWORD);
}

/**
 * A Japanese-speaking person switches to English on screen: 個人設定 → 言語 →
 * English; the screen changes at once and says the setting was saved; they
 * log out in English.
 */
export async function chooseEnglish(page: Page, env: WebPlatform, userId: string): Promise<void> {
  await logInAsShown(page, env, userId);
  const menu = page.getByRole('navigation', { name: JA.shell.menuLabel, exact: true });
  await menu.getByRole('button', { name: JA.shell.menu.settings, exact: true }).click();
  await menu.getByRole('link', { name: JA.shell.menu.language, exact: true }).click();
  await page.getByRole('heading', { name: jaSettings.language.title, exact: true }).waitFor();
  await page.getByRole('radio', { name: 'English', exact: true }).check();
  await page.getByRole('heading', { name: enSettings.language.title, exact: true }).waitFor();
  await page.getByRole('status').filter({ hasText: enSettings.language.savedForUser }).waitFor();
  expect(await page.getByRole('radio', { name: 'English', exact: true }).isChecked()).toBe(true);
  await new ContractScreen(page, env, EN).logOut();
}

/**
 * The receiver's path on screen, in the language of `texts`: 受取担当者 confirms receipt with a route
 * through 高橋 三郎 → 差戻し → re-routed → approved → 佐藤 二郎 signs → 締結済.
 */
export async function receiverPath(page: Page, env: WebPlatform, texts: Texts, number: string, firstLogin = texts): Promise<void> {
  const screen = new ContractScreen(page, env, texts);
  const { actions } = texts.contracts;
  await new ContractScreen(page, env, firstLogin).logIn(DEMO_IDS.bulkUser, DEMO_PASSWORD);
  await screen.openFromMyList(number, 'AWAITING_RECEIPT');
  await screen.setRoute(actions.receive.title, [RECEIVER_APPROVER], DEMO_IDS.bulkUser);
  await screen.confirmed(actions.receive, 'RECEIVER_APPROVAL');
  await screen.logOut();

  await screen.logIn(RECEIVER_APPROVER, DEMO_PASSWORD);
  await screen.openFromMyList(number, 'RECEIVER_APPROVAL');
  await screen.comment(actions.return.title, 'Please check the amount / 金額をご確認ください');
  await screen.confirmed(actions.return, 'RETURNED');
  await screen.logOut();

  await screen.logIn(DEMO_IDS.bulkUser, DEMO_PASSWORD);
  await screen.openFromMyList(number, 'RETURNED');
  // 回覧先の再設定 starts from the route before the return, and stays editable.
  const reroute = screen.form(actions.reroute.title);
  const approvers = reroute.getByTestId('route-approvers');
  const prefilled = fill(texts.contracts.route.approverRow, { number: 1, person: screen.person(RECEIVER_APPROVER) });
  await approvers.locator('li .route-person').filter({ hasText: prefilled }).waitFor(); // once the candidates are in
  expect(await approvers.locator('li .route-person').allTextContents()).toEqual([prefilled]);
  expect(await reroute.getByLabel(texts.contracts.route.signer, { exact: true }).inputValue()).toBe(DEMO_IDS.bulkUser);
  await approvers.getByRole('button', { name: fill(texts.contracts.route.remove, { number: 1 }), exact: true }).click();
  await reroute.getByText(texts.contracts.route.noApprovers, { exact: true }).waitFor();
  await screen.setRoute(actions.reroute.title, [RECEIVER_APPROVER], DEMO_IDS.bulkUser);
  await screen.confirmed(actions.reroute, 'RECEIVER_APPROVAL');
  await screen.logOut();

  await screen.logIn(RECEIVER_APPROVER, DEMO_PASSWORD);
  await screen.openFromMyList(number, 'RECEIVER_APPROVAL');
  const mark = env.smtp.messages.length;
  await screen.confirmed(actions.approve, 'RECEIVER_SIGNATURE');
  await screen.logOut();

  await screen.logIn(DEMO_IDS.bulkUser, DEMO_PASSWORD);
  await screen.openFromMyList(number, 'RECEIVER_SIGNATURE');
  const download = page.getByRole('link', { name: fill(texts.contracts.download, { fileName: `${number}.pdf` }) });
  const before = await download.getAttribute('href');
  await screen.sign(await screen.signingPassword(DEMO_EMAILS.bulkUser, number, mark));
  await screen.waitForStatus('CONCLUDED');
  await page.getByTestId('signatures').locator('li').nth(1).waitFor();
  expect(await page.getByTestId('signatures').locator('li').allTextContents()).toEqual([
    expect.stringContaining(texts.contracts.signatures.status.valid),
    expect.stringContaining(texts.contracts.signatures.status.valid),
  ]);
  // Concluded as PAdES B-LTA: the platform's document timestamp shown apart from the signers, valid, and the level.
  await page.getByTestId('document-timestamps').locator('li').first().waitFor();
  expect(await page.getByTestId('document-timestamps').locator('li').allTextContents()).toEqual([
    expect.stringContaining(texts.contracts.signatures.status.valid),
  ]);
  expect(await page.getByTestId('long-term-level').textContent()).toContain(fill(texts.contracts.signatures.level, { level: 'B-LTA' }));
  const audit = await page.getByRole('table', { name: texts.contracts.audit.table }).locator('tbody tr').allTextContents();
  // The chain check counts every entry of the trail.
  expect(await page.getByTestId('audit-verification').textContent()).toBe(
    fill(texts.contracts.audit.chainValid, { entries: audit.length }),
  );
  expect(audit.length).toBeGreaterThanOrEqual(8); // registered, sent, signed by the sender, then the receiver's five
  const { actions: named } = texts.contracts.audit;
  for (const action of [named.RECEIVE, named.RETURN, named.REROUTE, named.APPROVE, named.SIGN]) {
    expect(audit.some((row) => row.includes(action))).toBe(true);
  }

  // The concluded PDF, downloaded in the browser once the screen holds it: two valid, trusted signatures.
  await page.waitForFunction(`document.querySelector('a[download]')?.getAttribute('href') !== ${JSON.stringify(before)}`);
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  const dir = tempDir();
  try {
    const saved = dir.file('concluded.pdf');
    await file.saveAs(saved);
    const root = await (await fetch(`${env.baseUrl}/api/signing/ca/root-ca.pem`)).text();
    const pdfsig = runTool('pdfsig', ['-nssdir', nssDatabaseTrusting(dir.dir, root), saved]);
    expect(pdfsig.output.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(pdfsig.output.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
    const recipient = await env.demoUser(DEMO_IDS.bulkUser);
    const contract = (await recipient.get(`/api/contracts?scope=COMPANY&documentNumber=${number}`)).body.items[0];
    expect(sha256(readFileSync(saved))).toBe(contract.currentSha256);
  } finally {
    dir.remove();
  }
}
