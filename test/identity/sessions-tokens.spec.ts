import { eq, sql } from 'drizzle-orm';
import { apiTokens, sessions } from '@apps/identity/src/database/identity.schema';
import { HttpClient } from '@app/testing';
import { IdentityPlatform } from './identity-platform';

describe('sessions and API tokens', () => {
  let env: IdentityPlatform;
  let admin: HttpClient;
  let userId: string;
  let password: string;

  beforeAll(async () => {
    env = await IdentityPlatform.start({ SESSION_IDLE_MINUTES: '30' });
    ({ admin } = await env.company('株式会社 鍵屋'));
    userId = (await admin.post('/api/users', { name: '高橋 花子', email: 'hanako@example.jp', roles: ['approver'] })).body.userId;
    ({ password } = await env.firstLogin(userId, 'hanako@example.jp'));
  });

  afterAll(async () => {
    await env?.close();
  });

  const loggedIn = async (secret = password) => {
    const client = env.client();
    expect((await client.login(userId, secret)).status).toBe(200);
    return client;
  };

  it('ends every session of the user when the password changes, on every device', async () => {
    const laptop = await loggedIn();
    const phone = await loggedIn();
    const next = 'Changed-pass-2';
    expect(
      (await laptop.post('/api/auth/password', { currentPassword: password, newPassword: next, newPasswordConfirmation: next })).status,
    ).toBe(200);
    for (const device of [laptop, phone]) {
      const reply = await device.get('/api/auth/session');
      expect(reply.status).toBe(401);
    }
    password = next;
    expect((await loggedIn()).cookie).toBeDefined();
  });

  it('ends the sessions of a disabled user and refuses its logins until enabled again', async () => {
    const device = await loggedIn();
    expect((await admin.post(`/api/users/${userId}/disable`)).body.status).toBe('DISABLED');
    const after = await device.get('/api/auth/session');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('SESSION_EXPIRED');
    expect((await env.client().login(userId, password)).body.error.code).toBe('INVALID_CREDENTIALS');
    expect((await admin.post(`/api/users/${userId}/enable`)).body.status).toBe('ACTIVE');
    await loggedIn();
  });

  it('resets a password by mail: sessions end and the next login must change it', async () => {
    const device = await loggedIn();
    const mailsBefore = env.smtp.messages.length;
    const reset = await admin.post(`/api/users/${userId}/password-reset`);
    expect(reset.body.mustChangePassword).toBe(true);
    expect((await device.get('/api/auth/session')).status).toBe(401);
    const mail = await env.smtp.waitFor((m) => m.envelope.to.includes('hanako@example.jp') && env.smtp.messages.indexOf(m) >= mailsBefore);
    expect(mail.subject).toBe('【inkanサービス】ログインパスワード再発行のお知らせ');
    expect(mail.text).not.toContain(password);
    ({ password } = await env.firstLogin(userId, 'hanako@example.jp', mailsBefore));
    await loggedIn();
  });

  it('requires the CSRF token on every change made with a session cookie', async () => {
    const device = await loggedIn();
    const noToken = await device.request('POST', '/api/auth/logout', {}, { 'x-csrf-token': '' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('CSRF_REJECTED');
    const wrong = await device.request('POST', '/api/auth/logout', {}, { 'x-csrf-token': 'forged' });
    expect(wrong.body.error.code).toBe('CSRF_REJECTED');
    // Reading needs none, and the session still works after the refused changes.
    const session = await device.get('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.csrfToken).toBe(device.csrfToken);
    expect((await device.post('/api/auth/logout')).status).toBe(200);
    expect((await device.get('/api/auth/session')).status).toBe(401);
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const idle = await loggedIn();
    const absolute = await loggedIn();
    // The two newest open sessions of the user: `absolute`, then `idle`.
    const [absoluteHash, idleHash] = (
      await env.database.db
        .select({ tokenHash: sessions.tokenHash })
        .from(sessions)
        .where(sql`${sessions.subjectId} = ${userId} AND ${sessions.endedAt} IS NULL`)
        .orderBy(sql`${sessions.createdAt} DESC`)
        .limit(2)
    ).map((row) => row.tokenHash);
    await env.database.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '31 minutes'` })
      .where(eq(sessions.tokenHash, idleHash));
    await env.database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.tokenHash, absoluteHash));
    expect((await idle.get('/api/auth/session')).status).toBe(401);
    expect((await absolute.get('/api/auth/session')).status).toBe(401);
  });

  it('stores only hashes of session tokens', async () => {
    const device = await loggedIn();
    const token = device.cookie?.split('=')[1] as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const dump = await env.database.pool.query<{ row: string }>(`SELECT row_to_json(s)::text AS row FROM identity.sessions s`);
    expect(dump.rows.some((r) => r.row.includes(token))).toBe(false);
  });

  it('issues API tokens shown once, stored hashed, limited to their scopes, expiring and revocable', async () => {
    const created = await admin.post('/api/api-tokens', { name: '人事システム連携', scopes: ['users:read'], expiresInDays: 30 });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^inkan_[A-Za-z0-9_-]{43}$/);
    const tokenId: string = created.body.apiToken.tokenId;

    const listed = await admin.get('/api/api-tokens');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const dump = await env.database.pool.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM identity.api_tokens t`);
    expect(dump.rows.some((r) => r.row.includes(token))).toBe(false);

    const system = HttpClient.forToken(env.baseUrl, token);
    const read = await system.get('/api/users');
    expect(read.status).toBe(200);
    expect(read.body.items.map((u: { userId: string }) => u.userId)).toContain(userId);
    // Outside its scope, and never on session-only endpoints (a token cannot mint tokens).
    expect((await system.post('/api/users', { name: 'x', email: 'x@example.jp' })).status).toBe(403);
    const mint = await system.post('/api/api-tokens', { name: 'y', scopes: ['users:write'] });
    expect(mint.status).toBe(403);
    expect(mint.body.error.code).toBe('NOT_FOR_API_TOKENS');
    expect((await HttpClient.forToken(env.baseUrl, `${token.slice(0, -1)}x`).get('/api/users')).status).toBe(401);
    expect((await HttpClient.forToken(env.baseUrl, 'not-a-token').get('/api/users')).status).toBe(401);

    // Expiry.
    await env.database.db
      .update(apiTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiTokens.id, tokenId));
    const expired = await system.get('/api/users');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('API_TOKEN_INVALID');

    // Revocation.
    const second = await admin.post('/api/api-tokens', { name: '連携2', scopes: ['users:read', 'users:write'] });
    const writer = HttpClient.forToken(env.baseUrl, second.body.token);
    expect((await writer.get('/api/users')).status).toBe(200);
    const revoked = await admin.delete(`/api/api-tokens/${second.body.apiToken.tokenId}`);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await writer.get('/api/users')).status).toBe(401);
  });
});
