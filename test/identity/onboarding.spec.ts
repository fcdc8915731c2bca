import { count } from 'drizzle-orm';
import { outbox, users } from '@apps/identity/src/database/identity.schema';
import { eventually } from '@app/testing';
import { IdentityPlatform } from './identity-platform';

/**
 * 利用前事前準備 end to end over HTTP: operator creates a company → the
 * administrator's two mails → forced password change → the administrator
 * registers a user → that user's two separate mails → first login forced to
 * change → login with the new password.
 */
describe('identity onboarding (real PostgreSQL, RabbitMQ, Redis, SMTP)', () => {
  let env: IdentityPlatform;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('registers a company and a user, each with two separate mails, and forces a password change at first login', async () => {
    const { admin, companyId, administratorId } = await env.company('株式会社 大空建設', { options: ['BULK_SIGN', 'MATTER'] });
    expect(companyId).toMatch(/^C\d{6}$/);
    expect(administratorId).toMatch(/^U\d{6}$/);

    const registered = await admin.post('/api/users', {
      name: '山田 太郎',
      email: 'taro.yamada@example.jp',
      department: '工事部',
      roles: ['recipient', 'signer'],
      bulkSign: true,
    });
    expect(registered.status).toBe(201);
    const userId: string = registered.body.userId;
    expect(Number(userId.slice(1))).toBe(Number(administratorId.slice(1)) + 1); // issued in sequence
    expect(registered.body).toMatchObject({
      companyId,
      roles: ['recipient', 'signer'],
      bulkSign: true,
      status: 'ACTIVE',
      mustChangePassword: true,
    });
    expect(JSON.stringify(registered.body)).not.toMatch(/password_hash|argon2/);

    // Two separate mails; they may arrive in either order.
    const mails = await eventually(async () => env.smtp.to('taro.yamada@example.jp').length >= 2 && env.smtp.to('taro.yamada@example.jp'));
    expect(mails).toHaveLength(2);
    const idMail = mails.find((mail) => mail.subject === '【inkanサービス】サービス利用者登録完了のお知らせ');
    const passwordMail = mails.find((mail) => mail.subject === '【inkanサービス】初回ログインパスワードのお知らせ');
    expect(idMail?.text).toContain(userId);
    expect(passwordMail?.text).toContain(userId);
    const initial = await env.initialPassword('taro.yamada@example.jp');
    expect(idMail?.text).not.toContain(initial); // the ID mail never carries the password

    const user = env.client();
    const first = await user.login(userId, initial);
    expect(first.status).toBe(200);
    expect(first.body.session).toMatchObject({ subjectId: userId, companyId, mustChangePassword: true, roles: ['recipient', 'signer'] });
    expect(first.headers.get('set-cookie')).toMatch(/inkan_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict/);

    // Nothing but the change is allowed before it.
    const blocked = await user.get(`/api/users/${userId}`);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(blocked.body.error.message.ja).toContain('パスワード変更');

    const weak = await user.post('/api/auth/password', {
      currentPassword: initial,
      newPassword: 'abcdefgh',
      newPasswordConfirmation: 'abcdefgh',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PASSWORD_RULE');
    expect(weak.body.error.details.map((d: { message: string }) => d.message)).toEqual([
      'Include at least one ASCII digit (0–9).',
      "Include at least one of the symbols ! # $ % & ' - _.",
    ]);
    expect(weak.body.error.details[0].messageJa).toBe('パスワードには半角数字を含めてください。');

    const mismatch = await user.post('/api/auth/password', {
      currentPassword: initial,
      newPassword: 'Kouji-2026!',
      newPasswordConfirmation: 'Kouji-2026#',
    });
    expect(mismatch.body.error.code).toBe('PASSWORD_CONFIRMATION_MISMATCH');
    const wrongCurrent = await user.post('/api/auth/password', {
      currentPassword: 'Wrong-1234',
      newPassword: 'Kouji-2026!',
      newPasswordConfirmation: 'Kouji-2026!',
    });
    expect(wrongCurrent.body.error.code).toBe('CURRENT_PASSWORD_WRONG');

    const changed = await user.post('/api/auth/password', {
      currentPassword: initial,
      newPassword: 'Kouji-2026!',
      newPasswordConfirmation: 'Kouji-2026!',
    });
    expect(changed.status).toBe(200);
    // The change ended the session: log in again with the new password.
    expect((await user.get('/api/auth/session')).status).toBe(401);
    expect((await user.login(userId, initial)).status).toBe(401);
    const again = await user.login(userId, 'Kouji-2026!');
    expect(again.status).toBe(200);
    expect(again.body.session.mustChangePassword).toBe(false);
    const self = await user.get(`/api/users/${userId}`);
    expect(self.status).toBe(200);
    expect(self.body.mustChangePassword).toBe(false);
  });

  it('refuses bad registrations with the rule in both languages, creating nothing and mailing nobody', async () => {
    const { admin } = await env.company('有限会社 小川工務店', { options: [] });
    const countUsers = async () => (await env.database.db.select({ n: count() }).from(users))[0]?.n;
    const countOutbox = async () => (await env.database.db.select({ n: count() }).from(outbox))[0]?.n;
    const mailsBefore = env.smtp.messages.length;
    const [usersBefore, outboxBefore] = [await countUsers(), await countOutbox()];

    const cases: [unknown, string, string][] = [
      [{ name: '佐藤', email: 'not-an-address', roles: [] }, 'VALIDATION_FAILED', 'email'],
      [{ name: '', email: 'sato@example.jp' }, 'VALIDATION_FAILED', 'name'],
      [{ name: '佐藤', email: 'sato@example.jp', roles: ['signer', 'signer'] }, 'VALIDATION_FAILED', 'roles'],
      [{ name: '佐藤', email: 'sato@example.jp', roles: ['boss'] }, 'VALIDATION_FAILED', 'roles.0'],
      [{ name: '佐藤', email: 'sato@example.jp', roles: ['recipient', 'signer'], bulkSign: true }, 'BULK_SIGN_OPTION_REQUIRED', ''],
    ];
    for (const [body, code, path] of cases) {
      const reply = await admin.post('/api/users', body);
      expect({ status: reply.status, code: reply.body.error.code }).toEqual({ status: 400, code });
      expect(reply.body.error.message.ja.length).toBeGreaterThan(0);
      expect(reply.body.error.message.en.length).toBeGreaterThan(0);
      if (path) {
        expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
        expect(reply.body.error.details.every((d: { messageJa?: string }) => typeof d.messageJa === 'string')).toBe(true);
      }
    }
    expect(await countUsers()).toBe(usersBefore);
    expect(await countOutbox()).toBe(outboxBefore);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(env.smtp.messages.length).toBe(mailsBefore);
  });

  it('lets the operator set plans and options by the rules, and refuses the rest', async () => {
    const operator = await env.operator();
    const { companyId, admin } = await env.company('合同会社 海原設備', { plan: 'BOTH', options: ['BULK_SIGN'] });

    const matter = await operator.patch(`/api/companies/${companyId}`, { options: ['MATTER'] });
    expect(matter.status).toBe(400);
    expect(matter.body.error.code).toBe('OPTION_NOT_ALLOWED_FOR_PLAN');

    const user = await admin.post('/api/users', {
      name: '一括 署名',
      email: 'bulk@example.jp',
      roles: ['recipient', 'signer'],
      bulkSign: true,
    });
    expect(user.status).toBe(201);
    const removeInUse = await operator.patch(`/api/companies/${companyId}`, { options: [] });
    expect(removeInUse.status).toBe(409);
    expect(removeInUse.body.error.code).toBe('OPTION_IN_USE');

    expect((await admin.patch(`/api/users/${user.body.userId}`, { bulkSign: false })).status).toBe(200);
    const removed = await operator.patch(`/api/companies/${companyId}`, { options: [], plan: 'ONE_SIDE' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ plan: 'ONE_SIDE', options: [] });

    const listed = await operator.get('/api/companies?query=海原');
    expect(listed.body.items.map((c: { companyId: string }) => c.companyId)).toEqual([companyId]);
  });
});
