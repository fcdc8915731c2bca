import { createTransport } from 'nodemailer';
import { SmtpCapture } from './smtp-capture';

/** The capture server itself, driven by a real SMTP client (nodemailer). */
describe('SmtpCapture', () => {
  let smtp: SmtpCapture;
  const send = (to: string, subject = 'こんにちは') =>
    createTransport({ url: smtp.url }).sendMail({ from: 'sender@example.com', to, subject, text: '本文 body', html: '<p>本文</p>' });

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
  });

  afterEach(() => smtp.reset());

  afterAll(async () => {
    await smtp.close();
  });

  it('listens on a free port and records each message, parsed', async () => {
    expect(smtp.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const info = await send('Someone@Example.com');
    expect(info.response).toMatch(/^250 /);
    const mail = await smtp.waitFor((received) => received.subject === 'こんにちは');
    expect(mail).toMatchObject({
      envelope: { from: 'sender@example.com', to: ['someone@example.com'] },
      text: '本文 body',
      html: '<p>本文</p>',
      messageId: info.messageId,
    });
    expect(smtp.to('someone@example.com')).toEqual([mail]);
  });

  it('refuses the next messages with the code asked for, then accepts again', async () => {
    smtp.failNext(2, 451, 'Greylisted');
    await expect(send('a@example.com')).rejects.toMatchObject({ responseCode: 451 });
    await expect(send('a@example.com')).rejects.toMatchObject({ responseCode: 451, response: expect.stringContaining('Greylisted') });
    smtp.failNext(1, 550);
    await expect(send('a@example.com')).rejects.toMatchObject({ responseCode: 550 });
    await send('a@example.com');
    expect(smtp.refused.map((refusal) => refusal.code)).toEqual([451, 451, 550]);
    expect(smtp.messages).toHaveLength(1);
    expect(() => smtp.failNext(1, 250)).toThrow('4xx or 5xx');
  });

  it('says what it got when the awaited message does not come', async () => {
    await expect(smtp.waitFor((mail) => mail.subject === 'never', 100)).rejects.toThrow(
      'no matching mail within 100 ms (0 received, 0 refused)',
    );
  });
});
