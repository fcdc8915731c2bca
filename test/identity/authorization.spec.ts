import { randomUUID } from 'node:crypto';
import { ActorContext, AppError, Patterns } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { HttpClient } from '@app/testing';
import { IdentityPlatform } from './identity-platform';

/**
 * Every identity endpoint against the wrong people: someone of another
 * company gets 404 (or 403) and no data, someone without the role gets 403,
 * nobody gets 401 — and nothing changes.
 */
describe('authorization of every identity endpoint', () => {
  let env: IdentityPlatform;
  let adminA: HttpClient;
  let adminB: HttpClient;
  let userA: HttpClient;
  let operator: HttpClient;
  let companyA: string;
  let userAId: string;
  let tokenAId: string;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const a = await env.company('株式会社 甲建設');
    const b = await env.company('株式会社 乙建設');
    [adminA, adminB, companyA] = [a.admin, b.admin, a.companyId];
    const registered = await adminA.post('/api/users', { name: '甲 一般', email: 'ippan@example.jp', roles: ['registrant', 'signer'] });
    userAId = registered.body.userId;
    userA = (await env.firstLogin(userAId, 'ippan@example.jp')).admin;
    operator = await env.operator();
    const token = await adminA.post('/api/api-tokens', { name: '基幹システム', scopes: ['users:read'] });
    tokenAId = token.body.apiToken.tokenId;
  });

  afterAll(async () => {
    await env?.close();
  });

  const endpoints = (): [method: string, path: string, body?: unknown][] => [
    ['POST', '/api/companies', { name: '丙', plan: 'ONE_SIDE', administrator: { name: '丙', email: 'hei@example.jp' } }],
    ['GET', '/api/companies'],
    ['GET', `/api/companies/${companyA}`],
    ['PATCH', `/api/companies/${companyA}`, { name: '乗っ取り' }],
    ['POST', '/api/users', { name: '侵入者', email: 'intruder@example.jp' }],
    ['GET', '/api/users'],
    ['GET', `/api/users/${userAId}`],
    ['PATCH', `/api/users/${userAId}`, { name: '書き換え' }],
    ['POST', `/api/users/${userAId}/disable`],
    ['POST', `/api/users/${userAId}/enable`],
    ['POST', `/api/users/${userAId}/unlock`],
    ['POST', `/api/users/${userAId}/password-reset`],
    ['POST', '/api/invitations', { email: 'partner@example.jp' }],
    ['POST', '/api/api-tokens', { name: 'x', scopes: ['users:read'] }],
    ['GET', '/api/api-tokens'],
    ['DELETE', `/api/api-tokens/${tokenAId}`],
    ['GET', '/api/mail-deliveries'],
  ];

  it('answers 401 to nobody on every endpoint', async () => {
    for (const [method, path, body] of endpoints()) {
      const reply = await env.client().request(method, path, body);
      expect({ method, path, status: reply.status, code: reply.body.error?.code }).toEqual({
        method,
        path,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('gives another company 403 or 404 and never its data, on every endpoint', async () => {
    const mailsBefore = env.smtp.messages.length;
    for (const [method, path, body] of endpoints()) {
      const reply = await adminB.request(method, path, body);
      if (path.startsWith('/api/users') && path !== '/api/users') {
        expect({ method, path, status: reply.status }).toEqual({ method, path, status: 404 });
      } else if (['/api/users', '/api/api-tokens', '/api/invitations', '/api/mail-deliveries'].includes(path)) {
        // B acting in its own company is allowed; it must see none of A's data.
        expect(JSON.stringify(reply.body)).not.toContain(userAId);
        expect(JSON.stringify(reply.body)).not.toContain(tokenAId);
        expect(JSON.stringify(reply.body)).not.toContain('ippan@example.jp');
      } else if (path === `/api/api-tokens/${tokenAId}`) {
        expect(reply.status).toBe(404);
      } else {
        expect({ method, path, status: reply.status }).toEqual({ method, path, status: 403 });
      }
    }
    // B's own requests above mailed B's own invitee and user only.
    const strangers = env.smtp.messages.slice(mailsBefore).filter((m) => m.envelope.to.includes('ippan@example.jp'));
    expect(strangers).toHaveLength(0);
    // Nothing of A changed.
    const user = await adminA.get(`/api/users/${userAId}`);
    expect(user.body).toMatchObject({ name: '甲 一般', status: 'ACTIVE', mustChangePassword: false });
    const tokens = await adminA.get('/api/api-tokens');
    expect(tokens.body.items[0]).toMatchObject({ tokenId: tokenAId, revokedAt: null });
  });

  it('gives a user without the administrator role 403 on every administrator and operator endpoint', async () => {
    for (const [method, path, body] of endpoints()) {
      if (path === `/api/users/${userAId}` && method === 'GET') {
        expect((await userA.get(path)).status).toBe(200); // a user may read itself
        continue;
      }
      if (path === `/api/companies/${companyA}` && method === 'GET') {
        expect((await userA.get(path)).status).toBe(200); // and its own company
        continue;
      }
      const reply = await userA.request(method, path, body);
      expect({ method, path, status: reply.status }).toEqual({ method, path, status: 403 });
    }
  });

  it('keeps the operator to companies: every user, invitation and token endpoint is 403', async () => {
    for (const [method, path, body] of endpoints()) {
      if (path.startsWith('/api/companies')) {
        continue;
      }
      const reply = await operator.request(method, path, body);
      expect({ method, path, status: reply.status }).toEqual({ method, path, status: 403 });
    }
  });

  it("shows an administrator the delivery log of its own company's mails, and an API token only with the scope", async () => {
    const log = await adminA.get('/api/mail-deliveries?template=initial-password');
    expect(log.status).toBe(200);
    const toUser = log.body.items.find((item: { recipient: { email: string } }) => item.recipient.email === 'ippan@example.jp');
    expect(toUser).toMatchObject({ template: 'initial-password', status: 'sent' });
    expect(JSON.stringify(log.body)).not.toMatch(/Login password|ログインパスワード:/);

    const scoped = await adminA.post('/api/api-tokens', { name: '監査', scopes: ['mail-deliveries:read'] });
    expect((await HttpClient.forToken(env.baseUrl, scoped.body.token).get('/api/mail-deliveries')).status).toBe(200);
    const unscoped = await adminA.post('/api/api-tokens', { name: '人事', scopes: ['users:read'] });
    expect((await HttpClient.forToken(env.baseUrl, unscoped.body.token).get('/api/mail-deliveries')).status).toBe(403);
  });

  it('enforces company and role inside identity itself, whatever actor a caller claims', async () => {
    const client = new ServiceClient({
      url: env.config.AMQP_URL,
      prefix: env.config.AMQP_PREFIX,
      deliveryLimit: env.config.AMQP_DELIVERY_LIMIT,
      timeoutMs: 10_000,
      reconnectSeconds: 1,
    });
    try {
      const actor = (overrides: Partial<ActorContext>): ActorContext => ({
        kind: 'user',
        roles: [],
        requestId: randomUUID(),
        ...overrides,
      });
      const refused = async (promise: Promise<unknown>) => {
        try {
          await promise;
        } catch (error) {
          return (error as AppError).reply.code;
        }
        return 'ACCEPTED';
      };
      // A plain user who claims nothing more.
      expect(
        await refused(client.send(Patterns.identity.searchUsers, {}, { actor: actor({ userId: 'U000900', companyId: companyA }) })),
      ).toBe('FORBIDDEN');
      // An administrator of another company asking for A's user by ID.
      expect(
        await refused(
          client.send(
            Patterns.identity.getUser,
            { userId: userAId },
            { actor: actor({ userId: 'U000901', companyId: 'C000999', roles: ['administrator'] }) },
          ),
        ),
      ).toBe('NOT_FOUND');
      // Anonymous.
      expect(
        await refused(
          client.send(Patterns.identity.listCompanies, {}, { actor: { kind: 'anonymous', roles: [], requestId: randomUUID() } }),
        ),
      ).toBe('UNAUTHENTICATED');
      // 長期保管延長's internal lookup of options and 管理用ID: services only, never a person, an operator or a token.
      for (const claimed of [
        actor({ userId: 'U000902', companyId: companyA, roles: ['administrator'] }),
        { kind: 'operator' as const, roles: [], requestId: randomUUID() },
        { kind: 'api-token' as const, companyId: companyA, roles: [], scopes: ['users:read' as const], requestId: randomUUID() },
      ]) {
        expect(await refused(client.send(Patterns.identity.companyContacts, { companyIds: [companyA] }, { actor: claimed }))).toBe(
          'FORBIDDEN',
        );
      }
      const contacts = await client.send(
        Patterns.identity.companyContacts,
        { companyIds: [companyA, 'C999999'] },
        { actor: { kind: 'system', roles: [], requestId: randomUUID() } },
      );
      expect(contacts.items).toEqual([
        expect.objectContaining({
          companyId: companyA,
          administrator: expect.objectContaining({ userId: expect.stringMatching(/^U\d{6}$/) }),
        }),
      ]);
      // An API token cannot mint tokens even if it claims the administrator role.
      expect(
        await refused(
          client.send(
            Patterns.identity.createApiToken,
            { name: 'x', scopes: ['users:read'], tokenHash: 'a'.repeat(64), displayPrefix: 'inkan_abcd' },
            {
              actor: { kind: 'api-token', companyId: companyA, roles: ['administrator'], scopes: ['users:write'], requestId: randomUUID() },
            },
          ),
        ),
      ).toBe('FORBIDDEN');
    } finally {
      await client.close();
    }
  });
});
