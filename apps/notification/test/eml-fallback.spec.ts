import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { uniqueName } from '@app/testing';
import { NotificationHarness } from './notification-harness';

/** Real: the notification service with no SMTP_URL, PostgreSQL, RabbitMQ and the file system. */
describe('mail without SMTP: .eml files', () => {
  let harness: NotificationHarness;
  const dropDir = path.join(os.tmpdir(), uniqueName('inkan-eml-'));

  beforeAll(async () => {
    harness = await NotificationHarness.start({ smtp: false, overrides: { MAIL_DROP_DIR: dropDir } });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('says at start which folder the mails go to', () => {
    const line = harness.logs.lines.find((entry) => typeof entry.msg === 'string' && entry.msg.startsWith('no SMTP_URL'));
    expect(line).toMatchObject({ level: 'info', destination: `.eml files in ${dropDir}` });
    expect(line?.msg).toContain(dropDir);
  });

  it('reports mail as up in its health while the folder is writable', async () => {
    const ping = await harness.ping();
    expect(ping).toMatchObject({ status: 'up', components: { postgres: { status: 'up' }, mail: { status: 'up' } } });
  });

  it('writes each mail as a parseable .eml file named after its Message-ID, and logs the delivery as sent', async () => {
    const id = await harness.request({
      template: 'user-registered',
      to: { email: 'eml@example.com', name: '鈴木 一郎', companyId: 'C000001' },
      params: { userId: 'U000042', companyName: '株式会社 鈴木組' },
    });
    const row = await harness.finished(id);
    const file = path.join(dropDir, `${id}_inkan.localhost.eml`);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastResponse: `written to ${file}` });
    expect(await readdir(dropDir)).toEqual([path.basename(file)]);

    const raw = await readFile(file);
    expect(raw.toString('latin1')).toContain('\r\n'); // RFC 5322 line ends
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('【inkanサービス】サービス利用者登録完了のお知らせ');
    expect(mail.to).toMatchObject({ value: [{ address: 'eml@example.com', name: '鈴木 一郎' }] });
    expect(mail.messageId).toBe(`<${id}@inkan.localhost>`);
    expect(mail.text).toContain('U000042');
    expect(mail.html).toContain('株式会社 鈴木組');
  });
});
