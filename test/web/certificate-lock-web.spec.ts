import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-companies';
import { watchConsole } from './screen-checks';
import { DEMO_EMAILS, DEMO_IDS, logIn } from './web-platform';
import { alertOf, webSuite } from './web-suite';

/**
 * 証明書有効性確認's count of wrong tries in a real Chromium against the real
 * platform: each wrong PIN says how many tries are left before the lock
 * (「ロックまで残り N 回」) and the fifth that the certificate is locked (the
 * API's sentences, no field named for the count), the holder LOCKED after it
 * and mailed 「証明書ロックのお知らせ」.
 */
describe('web UI: 証明書有効性確認 counts wrong tries down to the lock in Chromium', () => {
  const web = webSuite();

  it('says the tries left after each wrong PIN and the lock after the fifth', async () => {
    // 田中 誠 (the sender's signer) holds one certificate; a second 証明書有効性確認 is allowed.
    const signer = await web.env.demoUser(DEMO_IDS.senderSigner);
    const [certificate] = (await signer.get('/api/certificates')).body.items as { serialNumber: string }[];
    const page = await web.browser.open(`${web.env.baseUrl}/certificates/activate`);
    const consoleErrors = watchConsole(page);
    await logIn(page, DEMO_IDS.senderSigner, DEMO_PASSWORD);
    await page.getByRole('heading', { name: '証明書有効性確認' }).waitFor();
    await page.getByLabel('証明書 [必須]').selectOption(certificate.serialNumber);

    const tryPin = async (pin: string) => {
      await page.getByLabel('PIN [必須]').fill(pin);
      await page.getByLabel('ログインパスワード [必須]').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '確定' }).click();
    };
    for (let left = 4; left >= 1; left -= 1) {
      await tryPin(`0000000${left}`);
      const refusal = alertOf(page).filter({ hasText: `（ロックまで残り ${left} 回）` });
      await refusal.waitFor();
      expect(await refusal.getAttribute('data-error-code')).toBe('CERTIFICATE_ACTIVATION_FAILED');
      expect(await refusal.textContent()).toContain('PINまたはログインパスワードが正しくありません。');
      // The count is in the sentence; no field is named for it.
      expect(await refusal.locator('li').count()).toBe(0);
      expect(await page.getByLabel('PIN [必須]').inputValue()).toBe('');
    }
    const beforeLock = web.env.smtp.messages.length;
    await tryPin('00000000');
    const locked = alertOf(page).filter({ hasText: 'この電子証明書はロックされています。管理者にロック解除を依頼してください。' });
    await locked.waitFor();
    expect(await locked.getAttribute('data-error-code')).toBe('CERTIFICATE_LOCKED');
    const holders = (await signer.get('/api/certificates')).body.items[0].holders as { userId: string; status: string }[];
    expect(holders.find((holder) => holder.userId === DEMO_IDS.senderSigner)?.status).toBe('LOCKED');
    // The holder is mailed: which certificate, and that the administrator unlocks it.
    const mail = await web.env.smtp.waitFor(
      (m) =>
        m.envelope.to.includes(DEMO_EMAILS.senderSigner) &&
        m.subject === '【inkanサービス】証明書ロックのお知らせ' &&
        web.env.smtp.messages.indexOf(m) >= beforeLock,
    );
    expect(mail.text).toContain(certificate.serialNumber);
    expect(mail.text).toContain('PINロック解除');
    // 400 for each wrong try, 423 for the lock: the answers this path is about.
    consoleErrors.check([/status of 400/, /status of 423/]);
  }, 180_000);
});
