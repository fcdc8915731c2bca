import Redis from 'ioredis';
import { eq } from 'drizzle-orm';
import { passwordResets } from '@apps/identity/src/database/identity.schema';
import { RESET_REQUEST_FLOOR_MS } from '@apps/identity/src/password-resets/password-resets.service';
import { IdentityPlatform } from './identity-platform';

const LINK = /https:\/\/inkan\.example\.jp\/password-reset\/([A-Za-z0-9_-]{43})/;

/**
 * パスワードを忘れた場合 through the real platform (gateway, identity,
 * notification, PostgreSQL, RabbitMQ, Redis, SMTP capture).
 */
describe('password reset by mailed link (パスワードを忘れた場合)', () => {
  let env: IdentityPlatform;

  beforeAll(async () => {
    env = await IdentityPlatform.start({
      PUBLIC_BASE_URL: 'https://inkan.example.jp',
      PASSWORD_RESET_PER_ID_PER_HOUR: '3',
      PASSWORD_RESET_PER_ADDRESS_PER_HOUR: '40',
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  /** A user of a new company, with its own password set. */
  async function user(email: string) {
    const { admin } = await env.company(`株式会社 ${email.split('@')[0]}`);
    const registered = await admin.post('/api/users', { name: '再設定 太郎', email, roles: ['registrant'] });
    expect(registered.status).toBe(201);
    const userId: string = registered.body.userId;
    const { admin: client, password } = await env.firstLogin(userId, email);
    return { userId, client, password };
  }

  async function timed<T>(work: () => Promise<T>): Promise<{ reply: T; ms: number }> {
    const started = performance.now();
    const reply = await work();
    return { reply, ms: performance.now() - started };
  }

  it('mails a single-use link to a known ID only, answers every ID alike, sets the password and ends the sessions', async () => {
    const { userId, client, password } = await user('forgot@example.jp');
    const mailsBefore = env.smtp.messages.length;

    const known = await timed(() => env.client().post('/api/auth/password-reset-requests', { loginId: userId.toLowerCase() }));
    const unknown = await timed(() => env.client().post('/api/auth/password-reset-requests', { loginId: 'U999999' }));
    const operator = await timed(() => env.client().post('/api/auth/password-reset-requests', { loginId: env.operatorId }));
    for (const { reply, ms } of [known, unknown, operator]) {
      expect(reply.status).toBe(202);
      expect(reply.body).toEqual({ ok: true });
      expect(ms).toBeGreaterThanOrEqual(RESET_REQUEST_FLOOR_MS - 5);
    }

    const mail = await env.smtp.waitFor((m) => m.envelope.to.includes('forgot@example.jp') && /再設定/.test(m.subject));
    expect(mail.subject).toBe('【inkanサービス】パスワード再設定のお知らせ');
    expect(mail.text).toContain(userId);
    const token = LINK.exec(mail.text)?.[1] as string;
    expect(token).toBeDefined();
    // Only the known ID got a mail (the operator's and the unknown one did not).
    await env.smtp.waitFor((m) => m === mail);
    expect(env.smtp.messages.slice(mailsBefore).filter((m) => /再設定|reset/i.test(m.subject))).toHaveLength(1);
    // The database holds only the token's hash.
    const dump = await env.database.pool.query<{ row: string }>(`SELECT row_to_json(r)::text AS row FROM identity.password_resets r`);
    expect(dump.rows.length).toBeGreaterThan(0);
    expect(dump.rows.some((r) => r.row.includes(token))).toBe(false);

    // The server's rule applies, each broken part named; a differing confirmation is refused; nothing changes.
    const weak = await env
      .client()
      .post('/api/auth/password-resets', { token, newPassword: 'password', newPasswordConfirmation: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PASSWORD_RULE');
    expect(weak.body.error.details.map((d: { messageJa: string }) => d.messageJa).join()).toContain('数字');
    // One that meets the rule but is easy to guess: zxcvbn's reason, as パスワード変更 gives it.
    const guessable = await env
      .client()
      .post('/api/auth/password-resets', { token, newPassword: 'Qwerty123!', newPasswordConfirmation: 'Qwerty123!' });
    expect(guessable.body.error.code).toBe('PASSWORD_RULE');
    expect(guessable.body.error.details).toEqual([
      {
        path: 'newPassword',
        message: expect.stringContaining('a common password (like Password or Qwerty)'),
        messageJa: expect.stringMatching(/^推測されやすいパスワードです。よく使われているパスワード（Password、Qwerty など）/),
      },
    ]);
    const mismatch = await env
      .client()
      .post('/api/auth/password-resets', { token, newPassword: 'Reset-2026-ok', newPasswordConfirmation: 'Reset-2026-ko' });
    expect(mismatch.body.error.code).toBe('PASSWORD_CONFIRMATION_MISMATCH');
    expect((await env.client().login(userId, password)).status).toBe(200);

    const done = await env
      .client()
      .post('/api/auth/password-resets', { token, newPassword: 'Reset-2026-ok', newPasswordConfirmation: 'Reset-2026-ok' });
    expect(done.status).toBe(200);
    // Every session of the user ended; the old password is gone, the new one works.
    expect((await client.get('/api/auth/session')).status).toBe(401);
    expect((await env.client().login(userId, password)).status).toBe(401);
    const fresh = env.client();
    const login = await fresh.login(userId, 'Reset-2026-ok');
    expect(login.status).toBe(200);
    expect(login.body.session.mustChangePassword).toBe(false);

    // Single use.
    const again = await env
      .client()
      .post('/api/auth/password-resets', { token, newPassword: 'Again-2026-ok', newPasswordConfirmation: 'Again-2026-ok' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('PASSWORD_RESET_INVALID');
    expect(again.body.error.message.ja).toContain('無効');
    expect(again.body.error.message.en).toContain('not valid');

    // The log says who asked, never the token or a password; an unknown ID is not logged.
    const logs = env.platform.logs.text();
    expect(logs).toContain('password reset requested');
    expect(logs).toContain('password reset with the mailed link');
    for (const secret of [token, 'Reset-2026-ok', 'Reset-2026-ko', 'U999999']) {
      expect(logs).not.toContain(secret);
    }
  });

  it('refuses an expired link, an older link once a newer one is mailed, and a malformed token', async () => {
    const { userId, password } = await user('expired@example.jp');
    const newMail = async (after: number) => {
      expect((await env.client().post('/api/auth/password-reset-requests', { loginId: userId })).status).toBe(202);
      const mail = await env.smtp.waitFor(
        (m) => m.envelope.to.includes('expired@example.jp') && /再設定/.test(m.subject) && env.smtp.messages.indexOf(m) >= after,
      );
      return LINK.exec(mail.text)?.[1] as string;
    };
    const first = await newMail(env.smtp.messages.length);
    await env.database.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.userId, userId));
    const expired = await env
      .client()
      .post('/api/auth/password-resets', { token: first, newPassword: 'Late-2026-ok', newPasswordConfirmation: 'Late-2026-ok' });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('PASSWORD_RESET_INVALID');

    const older = await newMail(env.smtp.messages.length);
    const newer = await newMail(env.smtp.messages.length);
    expect(newer).not.toBe(older);
    const voided = await env
      .client()
      .post('/api/auth/password-resets', { token: older, newPassword: 'Old-2026-ok', newPasswordConfirmation: 'Old-2026-ok' });
    expect(voided.body.error.code).toBe('PASSWORD_RESET_INVALID');
    expect((await env.client().login(userId, password)).status).toBe(200);

    const malformed = await env
      .client()
      .post('/api/auth/password-resets', { token: 'short', newPassword: 'x', newPasswordConfirmation: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual(['token']);
    const missing = await env.client().post('/api/auth/password-reset-requests', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual(['loginId']);

    const ok = await env
      .client()
      .post('/api/auth/password-resets', { token: newer, newPassword: 'New-2026-ok', newPasswordConfirmation: 'New-2026-ok' });
    expect(ok.status).toBe(200);
  });

  it('limits requests per ID (known or not, alike) and per client address', async () => {
    // A clean count for this address: the earlier cases of this file also asked from 127.0.0.1.
    const redis = new Redis(env.config.REDIS_URL);
    const keys = await redis.keys(`${env.config.REDIS_PREFIX}:password-reset:*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    await redis.quit();
    const { userId } = await user('limited@example.jp');
    const ask = (loginId: string) => env.client().post('/api/auth/password-reset-requests', { loginId });

    const forKnown = [await ask(userId), await ask(userId), await ask(userId), await ask(userId)];
    const forUnknown = [await ask('U999998'), await ask('U999998'), await ask('U999998'), await ask('U999998')];
    for (const replies of [forKnown, forUnknown]) {
      expect(replies.map((reply) => reply.status)).toEqual([202, 202, 202, 429]);
      expect(replies[3].body.error.code).toBe('TOO_MANY_PASSWORD_RESET_REQUESTS');
      expect(replies[3].body.error.message.ja).toContain('しばらく待って');
      expect(Number(replies[3].headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The address's count (40 per hour) covers every ID and the reset itself.
    const statuses: number[] = [];
    for (let index = 0; index < 33; index += 1) {
      statuses.push((await ask(`U8${String(index).padStart(5, '0')}`)).status);
    }
    expect(statuses.slice(0, 32).every((status) => status === 202)).toBe(true);
    expect(statuses[32]).toBe(429);
    const reset = await env
      .client()
      .post('/api/auth/password-resets', { token: 'A'.repeat(43), newPassword: 'x', newPasswordConfirmation: 'x' });
    expect(reset.status).toBe(429);
  });
});
