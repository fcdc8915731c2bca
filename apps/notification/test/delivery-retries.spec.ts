import { setTimeout as sleep } from 'node:timers/promises';
import { NotificationRequestInput } from '@app/contracts';
import { eventually, SmtpCapture } from '@app/testing';
import { NotificationHarness } from './notification-harness';

/**
 * Real: the notification service, PostgreSQL, RabbitMQ (quorum queue and
 * dead-letter queue) and an SMTP server that refuses on demand. Retries wait
 * 100 ms, 200 ms, 400 ms… (at most 800 ms), five attempts in all.
 */
describe('mail delivery: retries, permanent failures, dead-lettering, duplicates', () => {
  let harness: NotificationHarness;
  let smtp: SmtpCapture;

  const registered = (email: string): NotificationRequestInput => ({
    template: 'user-registered',
    to: { email, name: 'Test User', language: 'en', companyId: 'C000001' },
    params: { userId: 'U000001', companyName: 'Test Co.' },
  });

  beforeAll(async () => {
    harness = await NotificationHarness.start({
      overrides: { MAIL_RETRY_ATTEMPTS: '5', MAIL_RETRY_BASE_MS: '100', MAIL_RETRY_MAX_MS: '800' },
    });
    smtp = harness.smtp!;
  });

  afterEach(() => smtp.reset());

  afterAll(async () => {
    await harness?.close();
    if (smtp !== harness?.smtp) {
      await smtp?.close(); // the server started again in place of the harness's
    }
  });

  it('retries a 4xx reply with backoff, then delivers the same message once', async () => {
    smtp.failNext(2, 451, 'Greylisted, try again later');
    const id = await harness.request(registered('greylisted@example.com'));

    const row = await harness.finished(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(row.lastResponse).toMatch(/^250 /);
    expect(smtp.refused.map((refusal) => refusal.code)).toEqual([451, 451]);
    // Every attempt carried the same Message-ID, derived from the event.
    expect(new Set([...smtp.refused.map((refusal) => refusal.messageId), smtp.messages[0]?.messageId])).toEqual(
      new Set([row.smtpMessageId]),
    );
    expect(smtp.to('greylisted@example.com')).toHaveLength(1);
    const retries = harness.logs.lines.filter((line) => line.msg === 'mail delivery failed; will retry' && line.delivery === id);
    expect(retries.map((line) => line.retryInMs)).toEqual([100, 200]);
    expect(await harness.isDeadLettered(id)).toBe(false);
  });

  it('does not retry a 5xx reply: the delivery is failed, with the reply in the log, and the event is not redelivered', async () => {
    smtp.failNext(1, 550, 'No such user here');
    const id = await harness.request(registered('nobody@example.com'));

    const row = await harness.finished(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.lastResponse).toMatch(/^550 .*No such user here/);
    await sleep(1_000); // longer than any retry would wait
    expect(smtp.refused).toHaveLength(1);
    expect(smtp.messages).toHaveLength(0);
    expect((await harness.delivery(id))?.attempts).toBe(1);
  });

  it('marks the delivery failed and dead-letters the event when a transient failure outlasts the last retry', async () => {
    smtp.failNext(5, 421, 'Service not available, closing channel');
    const id = await harness.request(registered('always-busy@example.com'));

    const dead = await harness.deadLettered(id);
    expect(JSON.parse(dead.content.toString())).toMatchObject({ data: { to: { email: 'always-busy@example.com' } } });
    const row = await harness.delivery(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 5 });
    expect(row?.lastResponse).toMatch(/^421 /);
    expect(smtp.refused).toHaveLength(5);
    expect(smtp.messages).toHaveLength(0);
  });

  it('treats a refused connection as transient: retried, and delivered once the server is back', async () => {
    const port = Number(new URL(smtp.url).port);
    await smtp.close();
    const id = await harness.request(registered('server-down@example.com'));
    const retrying = await eventually(async () => {
      const row = await harness.delivery(id);
      return row?.status === 'retrying' ? row : undefined;
    });
    expect(retrying.lastResponse).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    expect((await harness.ping()).components.mail).toMatchObject({ status: 'down' });

    smtp = await SmtpCapture.start({ port });
    const row = await harness.finished(id);
    expect(row.status).toBe('sent');
    expect(row.attempts).toBeGreaterThan(1);
    expect(smtp.to('server-down@example.com')).toHaveLength(1);
    expect((await harness.ping()).components.mail).toMatchObject({ status: 'up' });
  });

  it('resumes a delivery between retries after the service stops, from the attempts already made', async () => {
    smtp.failNext(4, 450, 'Mailbox busy'); // the fifth and last attempt goes through
    const id = await harness.request({
      template: 'certificate-pin',
      to: { email: 'restart@example.com', name: 'Restart', companyId: 'C000001' },
      params: { certificateSerial: 'AB', certificateSubject: 'CN=Restart' },
      secret: harness.seal('certificate-pin', 'restart@example.com', '20251125'),
    });
    await eventually(async () => (await harness.delivery(id))?.attempts === 1);
    const stopping = Date.now();
    await harness.stopService(); // while it waits to retry: the wait is cut short, the event goes back to the queue
    expect(Date.now() - stopping).toBeLessThan(5_000);
    const paused = await harness.delivery(id);
    expect(paused?.status).toBe('retrying');
    expect(paused?.attempts).toBeLessThan(4);
    expect(paused?.sealedSecret).toMatch(/^v1\./); // still needed, still sealed

    await harness.startService();
    const row = await harness.finished(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 5, sealedSecret: null });
    expect(smtp.refused.filter((refusal) => refusal.envelope.to.includes('restart@example.com'))).toHaveLength(4);
    expect(smtp.to('restart@example.com')).toHaveLength(1);
    expect(smtp.to('restart@example.com')[0]?.text).toContain('20251125');
  });

  it('attempts a burst of mails together and records each one with its own outcome, reply and attempts', async () => {
    smtp.failNext(2, 550, 'No such user here');
    smtp.failNext(3, 451, 'Greylisted, try again later');
    const emails = Array.from({ length: 24 }, (_, index) => `burst-${index}@example.com`);
    const ids = await Promise.all(emails.map((email) => harness.request(registered(email))));

    const rows = await Promise.all(ids.map((id) => harness.finished(id)));
    const failed = rows.filter((row) => row.status === 'failed');
    expect(failed).toHaveLength(2);
    for (const row of failed) {
      expect(row).toMatchObject({ attempts: 1, sealedSecret: null });
      expect(row.lastResponse).toMatch(/^550 .*No such user here/);
    }
    const sent = rows.filter((row) => row.status === 'sent');
    expect(sent.map((row) => row.attempts).sort()).toEqual([...Array<number>(19).fill(1), 2, 2, 2]);
    for (const row of sent) {
      // Each row holds its own server reply: "queued as k" names the k-th accepted message, which is this one.
      const queuedAs = Number(/queued as (\d+)$/.exec(row.lastResponse ?? '')?.[1]);
      expect(smtp.messages[queuedAs - 1]?.messageId).toBe(row.smtpMessageId);
      expect(row.sentAt).toBeInstanceOf(Date);
    }
    expect(emails.map((email) => smtp.to(email).length).reduce((sum, count) => sum + count, 0)).toBe(22);
    expect(Math.max(...emails.map((email) => smtp.to(email).length))).toBe(1);
    expect(harness.logs.lines.filter((line) => line.msg === 'mail sent' && ids.includes(String(line.delivery)))).toHaveLength(22);
  });

  it('sends one mail for an event delivered twice, even when both copies arrive together', async () => {
    const request = registered('twice@example.com');
    const id = await harness.request(request);
    await harness.request(request, { messageId: id });
    await harness.finished(id);
    await eventually(async () =>
      harness.logs.lines.some((line) => line.msg === 'mail request accepted' && line.delivery === id && line.duplicate === true),
    );
    await sleep(300);
    // And once more, long after the first copy was sent.
    await harness.request(request, { messageId: id });
    await eventually(
      async () => harness.logs.lines.filter((line) => line.msg === 'mail request accepted' && line.delivery === id).length === 3,
    );
    await sleep(300);

    expect(smtp.to('twice@example.com')).toHaveLength(1);
    expect(await harness.delivery(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(harness.logs.lines.filter((line) => line.msg === 'mail sent' && line.delivery === id)).toHaveLength(1);
  });
});
