import { eq } from 'drizzle-orm';
import { users } from '@apps/identity/src/database/identity.schema';
import { IdentityPlatform } from './identity-platform';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('lockout, no enumeration and the per-address limit (real services, real SMTP)', () => {
  let env: IdentityPlatform;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('locks a user ID after 5 wrong passwords in a row, mails its owner once, and an administrator unlocks it', async () => {
    const { admin } = await env.company('株式会社 錠前工業');
    const registered = await admin.post('/api/users', { name: '鈴木 一郎', email: 'ichiro@example.jp', roles: ['recipient'] });
    const userId: string = registered.body.userId;
    const { password } = await env.firstLogin(userId, 'ichiro@example.jp');

    // Four failures, then a success, reset the count: only failures in a row lock.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await env.client().login(userId, 'Wrong-pass-1')).status).toBe(401);
    }
    expect((await env.client().login(userId, password)).status).toBe(200);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await env.client().login(userId, 'Wrong-pass-1')).status).toBe(401);
    }
    const [row] = await env.database.db.select().from(users).where(eq(users.id, userId));
    expect(row?.lockedAt).toBeInstanceOf(Date);

    const lockedMail = await env.smtp.waitFor((m) => m.envelope.to.includes('ichiro@example.jp') && m.subject.includes('ロック'));
    // The subject as the README names it.
    expect(lockedMail.subject).toBe('【inkanサービス】利用者IDロックのお知らせ');
    expect(lockedMail.text).toContain(userId);

    // The right password no longer opens it, with the same answer as a wrong one.
    const refused = await env.client().login(userId, password);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('INVALID_CREDENTIALS');
    // More failures while locked send no more mails.
    await env.client().login(userId, 'Wrong-pass-1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(env.smtp.to('ichiro@example.jp').filter((m) => m.subject.includes('ロック'))).toHaveLength(1);

    const listed = await admin.get('/api/users?status=LOCKED');
    expect(listed.body.items.map((u: { userId: string }) => u.userId)).toEqual([userId]);
    const unlocked = await admin.post(`/api/users/${userId}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.status).toBe('ACTIVE');
    expect((await env.client().login(userId, password)).status).toBe(200);
  });

  it('answers an unknown ID and a wrong password identically and in about the same time', async () => {
    const { administratorId } = await env.company('株式会社 匿名商事');
    const unknown = 'U999999';
    // Warm both paths once (connection pools, JIT).
    await env.client().login(unknown, 'Some-pass-1');
    await env.client().login(administratorId, 'Some-pass-1');

    const timesUnknown: number[] = [];
    const timesWrong: number[] = [];
    const bodies = new Set<string>();
    for (let round = 0; round < 3; round += 1) {
      for (const [loginId, times] of [
        [unknown, timesUnknown],
        [administratorId, timesWrong],
      ] as const) {
        const started = performance.now();
        const reply = await env.client().login(loginId, 'Some-pass-1');
        times.push(performance.now() - started);
        expect(reply.status).toBe(401);
        bodies.add(JSON.stringify({ ...reply.body, requestId: undefined }));
      }
    }
    expect(bodies.size).toBe(1);
    // Both paths run one argon2 verification (~50 ms); the lookups around it are a few ms.
    const ratio = median(timesUnknown) / median(timesWrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    // An unknown ID never reached the lockout counter of anyone: the administrator is not locked by these 4 (< 5) failures.
    const operator = await env.operator();
    expect((await operator.get('/api/companies')).status).toBe(200);
  });
});

describe('login rate limit per address', () => {
  let env: IdentityPlatform;

  beforeAll(async () => {
    env = await IdentityPlatform.start({ LOGIN_RATE_LIMIT_PER_MINUTE: '4' });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('refuses the attempts over the limit with 429 and Retry-After, before checking any password', async () => {
    const statuses: number[] = [];
    let last;
    for (let attempt = 0; attempt < 6; attempt += 1) {
      last = await env.client().login('U000001', 'Wrong-pass-1');
      statuses.push(last.status);
    }
    // The limit counts per minute; a run that crosses a minute boundary starts a new window.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    const limited = last?.status === 429 ? last : await env.client().login('U000001', 'Wrong-pass-1');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(limited.body.error.message.ja).toContain('しばらく待って');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
