import { MailTemplate, MailTemplates, SECRET_MAIL_TEMPLATES } from '@app/contracts';
import { TEMPLATE_SAMPLES } from '@apps/notification/test/template-samples';
import { linksFor } from './formatting';
import { escapeHtml, renderMail } from './render-mail';

const links = linksFor('https://inkan.example.jp/base/');

describe('renderMail', () => {
  const cases = TEMPLATE_SAMPLES.flatMap((sample) => (['ja', 'en'] as const).map((language) => ({ ...sample, language })));

  it.each(cases)('$template ($language): subject, both parts, every value', (sample) => {
    const mail = renderMail({ ...sample, recipientName: 'Name', params: sample.params, links });
    expect(mail.subject).toBe(sample.subject[sample.language]);
    expect(mail.subject.startsWith(sample.language === 'ja' ? '【inkanサービス】' : '[inkan] ')).toBe(true);
    for (const value of sample.shows.filter((shown) => !shown.startsWith('/'))) {
      expect(mail.text).toContain(value);
      expect(mail.html).toContain(escapeHtml(value));
    }
    expect(mail.html).toContain(`<html lang="${sample.language}">`);
    expect(mail.text).not.toMatch(/<\/?[a-z]+>/);
  });

  it('puts every link under PUBLIC_BASE_URL', () => {
    const mail = renderMail({ template: 'receipt-request', language: 'ja', recipientName: 'N', params: TEMPLATE_SAMPLES[5].params, links });
    expect(mail.text).toContain('https://inkan.example.jp/base/contracts/0000000283');
  });

  it('refuses to render a secret template without its secret, and parameters that break the contract', () => {
    for (const template of SECRET_MAIL_TEMPLATES) {
      const sample = TEMPLATE_SAMPLES.find((candidate) => candidate.template === template)!;
      expect(() => renderMail({ template, language: 'ja', recipientName: 'N', params: sample.params, links })).toThrow(
        'this template needs its secret',
      );
    }
    expect(() =>
      renderMail({ template: MailTemplates.userRegistered, language: 'en', recipientName: 'N', params: { userId: 'nope' }, links }),
    ).toThrow();
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('has a sample for every template', () => {
    const sampled = new Set<MailTemplate>(TEMPLATE_SAMPLES.map((sample) => sample.template));
    expect([...sampled].sort()).toEqual(Object.values(MailTemplates).sort());
  });
});
