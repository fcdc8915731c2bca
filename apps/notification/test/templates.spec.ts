import { MailTemplate, MailTemplates, NotificationRequestInput, SECRET_MAIL_TEMPLATES } from '@app/contracts';
import { escapeHtml } from '@apps/notification/src/templates/render-mail';
import { NotificationHarness } from './notification-harness';
import { SAMPLE_TIMES, TEMPLATE_SAMPLES } from './template-samples';

/**
 * Real: the notification service, PostgreSQL, RabbitMQ and an SMTP server.
 * Every template in both languages goes out as an event, through nodemailer,
 * and is read back by parsing what the SMTP server received.
 */
describe('mail templates, end to end', () => {
  let harness: NotificationHarness;

  beforeAll(async () => {
    harness = await NotificationHarness.start({ overrides: { PUBLIC_BASE_URL: 'https://inkan.example.jp/' } });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('covers every template', () => {
    expect(new Set(TEMPLATE_SAMPLES.map((sample) => sample.template))).toEqual(new Set(Object.values(MailTemplates)));
  });

  const cases = TEMPLATE_SAMPLES.flatMap((sample) => (['ja', 'en'] as const).map((language) => ({ ...sample, language })));

  it.each(cases)('$template ($language) arrives with its subject, recipient, language and values', async (sample) => {
    const email = `${sample.template}.${sample.language}@example.com`;
    const request = {
      template: sample.template,
      to: { email, name: '田中 太郎', language: sample.language, userId: 'U000027', companyId: 'C000001' },
      params: sample.params,
      ...(sample.secret ? { secret: harness.seal(sample.template, email, sample.secret) } : {}),
    } as NotificationRequestInput;
    const id = await harness.request(request);

    const mail = await harness.smtp!.waitFor((received) => received.envelope.to.includes(email));
    expect(mail.subject).toBe(sample.subject[sample.language]);
    expect(mail.parsed.to).toMatchObject({ value: [{ address: email, name: '田中 太郎' }] });
    expect(mail.parsed.from).toMatchObject({ value: [{ address: 'no-reply@inkan.localhost', name: 'inkan' }] });
    expect(mail.parsed.headers.get('content-language')).toBe(sample.language);
    expect(mail.messageId).toBe(`<${id}@inkan.localhost>`);

    // UTF-8 throughout; a Japanese subject travels as RFC 2047 encoded words.
    const headers = mail.raw.toString('latin1').split('\r\n\r\n')[0];
    expect(headers).not.toMatch(/[^\x20-\x7e\r\n\t]/);
    if (sample.language === 'ja') {
      expect(headers).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    }
    expect(mail.parsed.text).toBeDefined();
    expect(typeof mail.parsed.html).toBe('string');

    const greeting = sample.language === 'ja' ? '田中 太郎 様' : 'Dear 田中 太郎,';
    for (const value of [greeting, ...sample.shows]) {
      expect({ value, inText: mail.text.includes(value) }).toEqual({ value, inText: true });
      expect({ value, inHtml: mail.html.includes(escapeHtml(value)) }).toEqual({ value, inHtml: true });
    }
    const time = SAMPLE_TIMES[sample.template]?.[sample.language];
    if (time) {
      expect(mail.text).toContain(time);
    }
    if (sample.secret) {
      expect(mail.text).toContain(sample.secret);
      expect(mail.html).toContain(escapeHtml(sample.secret));
    }
    // Every link is absolute and under PUBLIC_BASE_URL, except the invitation's own single-use link.
    const links = [...mail.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1].replace(/&#38;/g, '&'));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.startsWith('https://inkan.example.jp/') || link === sample.secret).toBe(true);
    }

    const row = await harness.finished(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, template: sample.template, language: sample.language, sealedSecret: null });
  });

  it('says which templates carry a secret, and each of those samples has one', () => {
    const withSecret = TEMPLATE_SAMPLES.filter((sample) => sample.secret).map((sample) => sample.template);
    expect(withSecret.sort()).toEqual([...SECRET_MAIL_TEMPLATES].sort());
  });

  it('gives the reset password its own subject', async () => {
    const email = 'reset.ja@example.com';
    const template: MailTemplate = 'initial-password';
    await harness.request({
      template,
      to: { email, name: '田中 太郎' },
      params: { userId: 'U000027', reason: 'reset' },
      secret: harness.seal(template, email, 'Reset-1!pw'),
    });
    const mail = await harness.smtp!.waitFor((received) => received.envelope.to.includes(email));
    expect(mail.subject).toBe('【inkanサービス】ログインパスワード再発行のお知らせ');
    expect(mail.parsed.headers.get('content-language')).toBe('ja'); // the default language
  });

  it('escapes every value in the HTML part', async () => {
    const email = 'escape@example.com';
    await harness.request({
      template: 'declined',
      to: { email, name: '<b>Mallory</b>', language: 'en' },
      params: { documentNumber: '0000000001', contractName: '<script>alert(1)</script>', counterpartyName: 'A & "B"', comment: "it's <i>" },
    });
    const mail = await harness.smtp!.waitFor((received) => received.envelope.to.includes(email));
    expect(mail.html).not.toMatch(/<script>|<b>Mallory|<i>/);
    expect(mail.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(mail.html).toContain('A &#38; &#34;B&#34;');
    expect(mail.text).toContain('<script>alert(1)</script>'); // plain text shows values as they are
  });
});
