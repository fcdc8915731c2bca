import { ActorContext, AppError, ListMailDeliveries, NotificationRequestInput, Patterns, systemActor } from '@app/contracts';
import { ServiceClient, topologyOf } from '@app/messaging';
import { NotificationHarness } from './notification-harness';

/**
 * Real: the notification service answering `notification.deliveries.list`
 * over RabbitMQ, its PostgreSQL and an SMTP server. The service authorises
 * on the actor context alone; nothing here passes through a gateway.
 */
describe('notification.deliveries.list', () => {
  let harness: NotificationHarness;
  let client: ServiceClient;
  const ids: Record<string, string> = {};
  const pinSecret = '31415926';

  const user = (companyId: string, roles: ActorContext['roles'], userId = 'U000100'): ActorContext => ({
    kind: 'user',
    userId,
    companyId,
    roles,
    requestId: `rpc-${companyId}-${roles.join('+')}`,
  });
  const list = (actor: ActorContext, payload: ListMailDeliveries = {}) =>
    client.send(Patterns.notification.listDeliveries, payload, { actor });
  const mailTo = (email: string, companyId: string, template: 'user-registered' | 'account-locked'): NotificationRequestInput =>
    template === 'user-registered'
      ? { template, to: { email, name: email, companyId, userId: 'U000200' }, params: { userId: 'U000200', companyName: companyId } }
      : { template, to: { email, name: email, companyId }, params: { userId: 'U000200', lockedAt: '2026-11-25T00:00:00Z' } };

  beforeAll(async () => {
    harness = await NotificationHarness.start({ overrides: { MAIL_RETRY_ATTEMPTS: '1' } });
    client = new ServiceClient({ url: harness.config.AMQP_URL, timeoutMs: 5_000, reconnectSeconds: 0.5, ...topologyOf(harness.config) });

    // One at a time, so that "newest first" has one answer.
    const send = async (key: string, request: NotificationRequestInput) => {
      ids[key] = await harness.request(request);
      await harness.finished(ids[key]);
    };
    await send('a1', mailTo('a1@example.com', 'C000001', 'user-registered'));
    await send('a2', mailTo('a2@example.com', 'C000001', 'account-locked'));
    await send('a3', {
      template: 'certificate-pin',
      to: { email: 'a3@example.com', name: 'A3', companyId: 'C000001' },
      params: { certificateSerial: '01', certificateSubject: 'CN=A3' },
      secret: harness.seal('certificate-pin', 'a3@example.com', pinSecret),
    });
    harness.smtp!.failNext(1, 550, 'Mailbox unavailable');
    await send('a4', mailTo('a4@example.com', 'C000001', 'user-registered'));
    await send('b1', mailTo('b1@example.com', 'C000002', 'user-registered'));
  });

  afterAll(async () => {
    await client?.close();
    await harness?.close();
  });

  it("shows a company's administrator every mail sent to that company, newest first, with status and SMTP details", async () => {
    const page = await list(user('C000001', ['administrator']));
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(page.items.map((item) => item.id)).toEqual([ids.a4, ids.a3, ids.a2, ids.a1]);
    expect(page.items[0]).toMatchObject({
      template: 'user-registered',
      language: 'ja',
      recipient: { email: 'a4@example.com', companyId: 'C000001', userId: 'U000200' },
      status: 'failed',
      attempts: 1,
      lastResponse: expect.stringMatching(/^550 /),
      sentAt: null,
    });
    expect(page.items[3]).toMatchObject({
      status: 'sent',
      attempts: 1,
      lastResponse: expect.stringMatching(/^250 /),
      smtpMessageId: `<${ids.a1}@inkan.localhost>`,
      sentAt: expect.any(String),
    });
  });

  it('filters by status and template, and pages', async () => {
    const admin = user('C000001', ['administrator']);
    expect((await list(admin, { status: 'failed' })).items.map((item) => item.id)).toEqual([ids.a4]);
    expect((await list(admin, { template: 'account-locked' })).items.map((item) => item.id)).toEqual([ids.a2]);
    const second = await list(admin, { page: 2, pageSize: 3 });
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.items.map((item) => item.id)).toEqual([ids.a1]);
  });

  it("never returns a mail's parameters, body or secret", async () => {
    const reply = JSON.stringify(await list(user('C000001', ['administrator'])));
    expect(reply).not.toContain(pinSecret);
    expect(reply).not.toContain('v1.');
    expect(reply).not.toContain('CN=A3');
  });

  it("shows another company's administrator none of them", async () => {
    const other = await list(user('C000002', ['administrator'], 'U000300'));
    expect(other.items.map((item) => item.id)).toEqual([ids.b1]);
    expect(await list(user('C000009', ['administrator'], 'U000900'))).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });

  it('lets an API token of the company scoped to mail-deliveries:read read the same log', async () => {
    const token: ActorContext = {
      kind: 'api-token',
      companyId: 'C000001',
      roles: [],
      scopes: ['mail-deliveries:read'],
      tokenId: '7d0f4c1e-2b1a-4c55-9a0e-3f6b8c2d1e00',
      requestId: 'token',
    };
    expect((await list(token)).items.map((item) => item.id)).toEqual([ids.a4, ids.a3, ids.a2, ids.a1]);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED (401)', async () => {
    const error = await list({ kind: 'anonymous', roles: [], requestId: 'anon' }).catch((caught: unknown) => caught);
    expect((error as AppError).reply).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  const outsiders: Array<[string, ActorContext]> = [
    ['a user of the company who is not its administrator', user('C000001', ['registrant', 'signer'])],
    ['a platform operator', { kind: 'operator', roles: ['operator'], requestId: 'operator' }],
    ['a system actor', systemActor('system')],
    ['an administrator role without a company', { kind: 'user', userId: 'U000001', roles: ['administrator'], requestId: 'x' }],
    [
      'an API token without the mail-deliveries:read scope',
      { kind: 'api-token', companyId: 'C000001', roles: [], scopes: ['users:read'], requestId: 'token-users' },
    ],
  ];
  it.each(outsiders)('refuses %s with FORBIDDEN (403), in both languages', async (_label, actor) => {
    const error = await list(actor).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).reply).toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
      message: { ja: expect.any(String), en: expect.any(String) },
    });
  });

  it('refuses a page size above 100 as invalid', async () => {
    const error = await list(user('C000001', ['administrator']), { pageSize: 101 }).catch((caught: unknown) => caught);
    expect((error as AppError).reply).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, details: [{ path: 'pageSize' }] });
  });
});
