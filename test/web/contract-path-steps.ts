import { Page } from 'playwright-core';
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
import { WebPlatform } from './web-platform';

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

  /** Fills 社内回覧先設定 of the form `title`: the approvers in order, then the signer. */
  async setRoute(title: string, approvers: string[], signer: string): Promise<void> {
    const { route } = this.texts.contracts;
    const form = this.form(title);
    for (const [index, approver] of approvers.entries()) {
      await form.getByRole('button', { name: route.addApprover, exact: true }).click();
      await form.getByLabel(fill(route.approver, { number: index + 1 }), { exact: true }).fill(approver);
    }
    await form.getByLabel(route.signer, { exact: true }).fill(signer);
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
