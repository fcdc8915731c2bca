import { randomUUID } from 'node:crypto';
import { HttpClient } from '@app/testing';
import { IdentityPlatform } from '../identity/identity-platform';

/**
 * The security defects D1, D2 (at registration), D5 and D6 of issue 23,
 * reproduced as the attack made them, over HTTP against the whole platform
 * (real PostgreSQL, RabbitMQ, Redis, SMTP capture). No webhook traffic leaves
 * the machine: every URL is refused before a connection or a DNS query.
 */
describe('security defects D1, D2, D5, D6', () => {
  let env: IdentityPlatform;
  let admin: HttpClient;
  let administratorId: string;
  let companyId: string;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    ({ admin, administratorId, companyId } = await env.company('株式会社 防御', {
      email: 'admin-boei@example.jp',
      options: ['BULK_SIGN'],
    }));
  });

  afterAll(async () => {
    await env?.close();
  });

  const expectValidationOf = (reply: { status: number; body: any }, path: string) => {
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: { ja: expect.any(String), en: expect.any(String) },
      details: expect.arrayContaining([expect.objectContaining({ path, messageJa: expect.any(String) })]),
    });
  };

  describe('D1: a users:write token cannot take over the 管理用ID', () => {
    let token: HttpClient;
    let userId: string;

    beforeAll(async () => {
      const minted = await admin.post('/api/api-tokens', { name: '人事連携', scopes: ['users:read', 'users:write'] });
      expect(minted.status).toBe(201);
      token = HttpClient.forToken(env.baseUrl, minted.body.token);
      userId = (await admin.post('/api/users', { name: '一般 太郎', email: 'ippan@example.jp', roles: ['approver'] })).body.userId;
    });

    it('refuses the mail address change and the password reset the attack made, and changes nothing', async () => {
      const mailsBefore = env.smtp.messages.length;
      const patched = await token.patch(`/api/users/${administratorId}`, { email: 'x@attacker.example' });
      expect(patched.status).toBe(403);
      expect(patched.body.error).toMatchObject({
        code: 'ADMINISTRATOR_SELF_ONLY',
        message: { ja: expect.stringContaining('管理用ID'), en: expect.any(String) },
      });
      const reset = await token.post(`/api/users/${administratorId}/password-reset`);
      expect(reset.status).toBe(403);
      expect(reset.body.error.code).toBe('ADMINISTRATOR_SELF_ONLY');
      for (const action of ['disable', 'enable', 'unlock']) {
        expect({ action, status: (await token.post(`/api/users/${administratorId}/${action}`)).status }).toEqual({ action, status: 403 });
      }
      expect((await token.patch(`/api/users/${administratorId}`, { roles: ['signer'] })).status).toBe(403);
      const after = await admin.get(`/api/users/${administratorId}`);
      expect(after.body).toMatchObject({ email: 'admin-boei@example.jp', mustChangePassword: false });
      // The administrator's session survived (a reset would have ended it) and no mail went anywhere.
      expect((await admin.get('/api/auth/session')).status).toBe(200);
      expect(env.smtp.messages.slice(mailsBefore).filter((mail) => mail.envelope.to.includes('x@attacker.example'))).toEqual([]);
    });

    it('still lets the token manage ordinary users, and the administrator change itself', async () => {
      expect((await token.patch(`/api/users/${userId}`, { email: 'ippan2@example.jp' })).body.email).toBe('ippan2@example.jp');
      expect((await token.post(`/api/users/${userId}/password-reset`)).status).toBe(200);
      expect((await token.patch(`/api/users/${administratorId}`, { department: '総務部' })).status).toBe(200);
      const own = await admin.patch(`/api/users/${administratorId}`, { email: 'admin-boei2@example.jp' });
      expect(own.status).toBe(200);
      expect(own.body.email).toBe('admin-boei2@example.jp');
    });

    it('lets the operator, logged in, step in for a locked-out 管理用ID, and for no one else', async () => {
      const operator = await env.operator();
      await env.database.pool.query(`UPDATE identity.users SET locked_at = now(), failed_logins = 5 WHERE id = $1`, [administratorId]);
      const unlocked = await operator.post(`/api/users/${administratorId}/unlock`);
      expect(unlocked.status).toBe(200);
      expect(unlocked.body.status).toBe('ACTIVE');
      expect((await operator.post(`/api/users/${userId}/unlock`)).status).toBe(403);
      expect((await operator.patch(`/api/users/${administratorId}`, { department: '経理部' })).status).toBe(403);
    });
  });

  describe('D5: NUL and other control characters are a validation error naming the field, never a 500', () => {
    const NUL = '\u0000';
    const operator = () => env.operator();

    it.each([
      ['user name', 'POST', '/api/users', { name: `山田${NUL}`, email: 'nul@example.jp' }, 'name'],
      ['user edit', 'PATCH', '/api/users/U999999', { name: `山田${NUL}` }, 'name'],
      ['token name', 'POST', '/api/api-tokens', { name: `連携${NUL}`, scopes: ['users:read'] }, 'name'],
      [
        'webhook description',
        'POST',
        '/api/webhooks',
        { url: 'https://hooks.example.com/x', eventTypes: ['contract.sent'], description: `d${NUL}` },
        'description',
      ],
      ['matter name', 'POST', '/api/matters', { name: `案件${NUL}` }, 'name'],
      ['template name', 'POST', '/api/templates', { name: `雛形${NUL}` }, 'name'],
      ['notice title', 'POST', '/api/notices', { title: `お知らせ${NUL}`, body: 'x' }, 'title'],
      ['contract name', 'POST', '/api/contracts', { name: `契約${NUL}` }, 'name'],
      ['a comment', 'POST', `/api/contracts/${randomUUID()}/decline`, { comment: `差戻し${NUL}理由` }, 'comment'],
      ['an unexpected key', 'POST', '/api/users', { name: '山田', email: 'k@example.jp', [`x${NUL}`]: 1 }, `x${NUL}`],
      ['the name filter', 'GET', `/api/contracts?name=${encodeURIComponent(NUL)}`, undefined, 'name'],
      ['the counterpartyName filter', 'GET', `/api/contracts?counterpartyName=a${encodeURIComponent(NUL)}`, undefined, 'counterpartyName'],
      ['the query filter', 'GET', `/api/users?query=${encodeURIComponent(NUL)}`, undefined, 'query'],
      ['a C1 control in a query', 'GET', `/api/users?query=${encodeURIComponent('\u0085')}`, undefined, 'query'],
      ['an escape in a name', 'POST', '/api/users', { name: 'a\u001b[31m', email: 'esc@example.jp' }, 'name'],
    ] as const)('%s', async (_what, method, path, body, field) => {
      expectValidationOf(await admin.request(method, path, body), field);
    });

    it('covers what the operator sends (company names), and leaves line breaks in multi-line text alone', async () => {
      const client = await operator();
      expectValidationOf(
        await client.post('/api/companies', { name: `会社${NUL}`, plan: 'ONE_SIDE', administrator: { name: 'x', email: 'c@example.jp' } }),
        'name',
      );
      expectValidationOf(await client.patch(`/api/companies/${companyId}`, { name: `会社${NUL}` }), 'name');
      const notice = await client.post('/api/notices', { title: '定期メンテナンス', body: '一行目\n二行目\r\n\t以上' });
      expect(notice.status).toBe(201);
    });
  });

  describe('D6 and D2 at registration: a URL the parser refuses is a 400, and so is every special-purpose target', () => {
    it.each(['http://', '', 'https://exa mple.com/', 'http://[::1', 'ftp://example.com/hook', 'https://user:pw@example.com/'])(
      'refuses %j as a validation error of the url',
      async (url) => {
        expectValidationOf(await admin.post('/api/webhooks', { url, eventTypes: ['contract.sent'] }), 'url');
      },
    );

    it.each([
      'http://192.0.2.1/hook',
      'http://198.51.100.1/hook',
      'http://203.0.113.1/hook',
      'http://[::127.0.0.1]/hook',
      'http://[64:ff9b::127.0.0.1]/hook',
      'http://[2002:7f00:1::]/hook',
      'http://127.0.0.1:15672/api',
      'http://localhost:15672/api',
    ])('refuses %s as WEBHOOK_TARGET_NOT_PUBLIC, in Japanese and English', async (url) => {
      const reply = await admin.post('/api/webhooks', { url, eventTypes: ['contract.sent'] });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({
        code: 'WEBHOOK_TARGET_NOT_PUBLIC',
        message: { ja: expect.any(String), en: expect.any(String) },
      });
    });

    it('stored none of them', async () => {
      expect((await admin.get('/api/webhooks')).body).toEqual({ items: [] });
    });
  });
});
