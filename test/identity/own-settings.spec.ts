import { IdentityPlatform } from './identity-platform';

/** 個人設定 (language, mail address) through the real platform. */
describe('own settings (個人設定: 言語, メールアドレス)', () => {
  let env: IdentityPlatform;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('lets a user change its language, and its mail address only with its login password', async () => {
    const { admin } = await env.company('株式会社 設定商事');
    const registered = await admin.post('/api/users', { name: '設定 花子', email: 'settings@example.jp', roles: ['recipient'] });
    const userId: string = registered.body.userId;
    const { admin: user, password } = await env.firstLogin(userId, 'settings@example.jp');

    expect((await user.get('/api/auth/profile')).body).toEqual({
      subjectId: userId,
      name: '設定 花子',
      email: 'settings@example.jp',
      language: 'ja',
    });
    const english = await user.patch('/api/auth/profile', { language: 'en' });
    expect(english.status).toBe(200);
    expect(english.body.language).toBe('en');
    // The session (which the UI reads for its language) follows at once.
    expect((await user.get('/api/auth/session')).body.session.language).toBe('en');

    const withoutPassword = await user.patch('/api/auth/profile', { email: 'new@example.jp' });
    expect(withoutPassword.status).toBe(400);
    expect(withoutPassword.body.error.code).toBe('PASSWORD_REQUIRED_FOR_EMAIL');
    const wrongPassword = await user.patch('/api/auth/profile', { email: 'new@example.jp', currentPassword: 'Wrong-pass-1' });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.error.code).toBe('LOGIN_PASSWORD_WRONG');
    const badAddress = await user.patch('/api/auth/profile', { email: 'not-an-address', currentPassword: password });
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.error.details.map((d: { path: string }) => d.path)).toEqual(['email']);
    expect((await user.get('/api/auth/profile')).body.email).toBe('settings@example.jp');

    const changed = await user.patch('/api/auth/profile', { email: 'New@Example.jp', currentPassword: password });
    expect(changed.status).toBe(200);
    expect(changed.body.email).toBe('new@example.jp');
    // The administrator sees the new address too.
    expect((await admin.get(`/api/users/${userId}`)).body.email).toBe('new@example.jp');
  });

  it('lets the operator change its language, not its mail address, and refuses anonymous callers', async () => {
    const operator = await env.operator();
    expect((await operator.patch('/api/auth/profile', { language: 'en' })).body.language).toBe('en');
    const email = await operator.patch('/api/auth/profile', { email: 'op2@inkan.test', currentPassword: 'Operator-2026#' });
    expect(email.status).toBe(403);
    expect((await env.client().get('/api/auth/profile')).status).toBe(401);
  });
});
