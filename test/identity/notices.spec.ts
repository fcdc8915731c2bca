import { randomUUID } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { ActorContext, AppError, Patterns, Services } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { HttpClient } from '@app/testing';
import { notices } from '@apps/identity/src/database/identity.schema';
import { NoticesRepository } from '@apps/identity/src/notices/notices.repository';
import { IdentityPlatform } from './identity-platform';

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const titlesOf = (reply: { body: { items: { title: string }[] } }) => reply.body.items.map((item) => item.title);

/**
 * お知らせ against the real platform: the operator writes the platform's, each
 * 管理用ID its company's; every logged-in person reads the platform's and its
 * own company's inside their publish window. Another company's notice is 404,
 * a user who is not the administrator gets 403, bad input 400 — and none of
 * them changes a row.
 */
describe('notices (お知らせ)', () => {
  let env: IdentityPlatform;
  let operator: HttpClient;
  let adminA: HttpClient;
  let adminB: HttpClient;
  let userA: HttpClient;
  let userB: HttpClient;
  let companyA: string;
  let administratorA: string;
  /** Notice IDs by title. */
  const ids: Record<string, string> = {};

  const rows = () => env.database.db.select().from(notices).orderBy(asc(notices.id));

  const create = async (author: HttpClient, body: Record<string, unknown>) => {
    const reply = await author.post('/api/notices', body);
    expect({ title: body.title, status: reply.status }).toEqual({ title: body.title, status: 201 });
    ids[reply.body.title as string] = reply.body.noticeId;
    return reply.body;
  };

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const a = await env.company('甲建設株式会社');
    const b = await env.company('乙工務店株式会社');
    [adminA, adminB, companyA, administratorA] = [a.admin, b.admin, a.companyId, a.administratorId];
    const registeredA = await adminA.post('/api/users', { name: '甲 一般', email: 'ko-ippan@example.jp', roles: ['registrant'] });
    userA = (await env.firstLogin(registeredA.body.userId, 'ko-ippan@example.jp')).admin;
    const registeredB = await adminB.post('/api/users', { name: '乙 一般', email: 'otsu-ippan@example.jp', roles: ['recipient'] });
    userB = (await env.firstLogin(registeredB.body.userId, 'otsu-ippan@example.jp')).admin;
    operator = await env.operator();

    // Oldest first, so that "newest first" is the reverse of this order among the ones shown.
    await create(operator, { title: 'P 過去から掲載中', body: '本文', publishFrom: inHours(-48) });
    await create(operator, { title: 'P 掲載終了', body: '本文', publishFrom: inHours(-47), publishUntil: inHours(-1) });
    await create(adminA, { title: 'A 掲載中（期限あり）', body: '本文', publishFrom: inHours(-24), publishUntil: inHours(24) });
    await create(adminB, { title: 'B 掲載中', body: '乙社の社内連絡', publishFrom: inHours(-12) });
    await create(adminA, { title: 'A 掲載終了', body: '本文', publishFrom: inHours(-10), publishUntil: inHours(-2) });
    await create(operator, { title: 'P 重要なお知らせ', body: 'メンテナンスのお知らせ\n2行目', importance: 'IMPORTANT' });
    await create(adminA, { title: 'A 本日から', body: '甲社の社内連絡' });
    await create(operator, { title: 'P 予約', body: '本文', publishFrom: inHours(1) });
    await create(adminA, { title: 'A 予約', body: '本文', publishFrom: inHours(2), publishUntil: inHours(3) });
  });

  afterAll(async () => {
    await env?.close();
  });

  it("shows each company's users the platform's and their own company's current notices, newest first", async () => {
    const expectedA = ['A 本日から', 'P 重要なお知らせ', 'A 掲載中（期限あり）', 'P 過去から掲載中'];
    for (const reader of [userA, adminA]) {
      const reply = await reader.get('/api/notices');
      expect(reply.status).toBe(200);
      expect(titlesOf(reply)).toEqual(expectedA);
      expect(reply.body).toMatchObject({ total: 4, page: 1, pageSize: 20, from: 1, to: 4 });
    }
    expect(titlesOf(await userB.get('/api/notices'))).toEqual(['P 重要なお知らせ', 'B 掲載中', 'P 過去から掲載中']);
    // The operator reads the platform's only.
    expect(titlesOf(await operator.get('/api/notices'))).toEqual(['P 重要なお知らせ', 'P 過去から掲載中']);

    const important = (await userB.get('/api/notices')).body.items[0];
    expect(important).toEqual({
      noticeId: ids['P 重要なお知らせ'],
      scope: 'PLATFORM',
      companyId: null,
      title: 'P 重要なお知らせ',
      body: 'メンテナンスのお知らせ\n2行目',
      importance: 'IMPORTANT',
      publishFrom: null,
      publishUntil: null,
      publishedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // Readers never learn who wrote a notice (an operator's ID is a login ID).
    expect(JSON.stringify((await userA.get('/api/notices')).body)).not.toMatch(/P\d{6}|createdBy/);
  });

  it('pages with from/to for 「N件中 a～b件目を表示」', async () => {
    const second = await userA.get('/api/notices?page=2&pageSize=3');
    expect(second.body).toMatchObject({ total: 4, page: 2, pageSize: 3, from: 4, to: 4 });
    expect(titlesOf(second)).toEqual(['P 過去から掲載中']);
    expect((await userA.get('/api/notices?page=3&pageSize=3')).body).toMatchObject({ items: [], total: 4, from: 0, to: 0 });
    expect((await userA.get('/api/notices?pageSize=101')).status).toBe(400);
    expect((await userA.get('/api/notices?page=0')).status).toBe(400);
  });

  it('shows a notice from publishFrom (inclusive) until publishUntil (exclusive)', async () => {
    const from = new Date(Date.now() + 5 * HOUR + 123);
    const until = new Date(from.getTime() + HOUR);
    await create(adminA, { title: 'A 窓の境界', body: '本文', publishFrom: from.toISOString(), publishUntil: until.toISOString() });
    const identity = env.platform.services.get(Services.identity);
    if (!identity) {
      throw new Error('identity is not running');
    }
    const repository = identity.get(NoticesRepository);
    const shownAt = async (at: Date) =>
      (await repository.current(companyA, at, { page: 1, pageSize: 100 })).rows.some((row) => row.title === 'A 窓の境界');
    expect(await shownAt(new Date(from.getTime() - 1))).toBe(false);
    expect(await shownAt(from)).toBe(true);
    expect(await shownAt(new Date(until.getTime() - 1))).toBe(true);
    expect(await shownAt(until)).toBe(false);
    // Never to another company, whenever.
    expect((await repository.current('C999999', from, { page: 1, pageSize: 100 })).rows.map((row) => row.title)).not.toContain(
      'A 窓の境界',
    );
  });

  it('starts and stops showing notices by the clock, over HTTP', async () => {
    const edge = new Date(Date.now() + 1500);
    await create(adminA, { title: 'A まもなく開始', body: '本文', publishFrom: edge.toISOString() });
    await create(adminA, { title: 'A まもなく終了', body: '本文', publishUntil: edge.toISOString() });
    const before = titlesOf(await userA.get('/api/notices?pageSize=100'));
    expect(before).toContain('A まもなく終了');
    expect(before).not.toContain('A まもなく開始');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, edge.getTime() - Date.now()) + 50));
    const after = titlesOf(await userA.get('/api/notices?pageSize=100'));
    expect(after).toContain('A まもなく開始');
    expect(after).not.toContain('A まもなく終了');
    for (const title of ['A まもなく開始', 'A まもなく終了', 'A 窓の境界']) {
      expect((await adminA.delete(`/api/notices/${ids[title]}`)).status).toBe(200);
    }
  });

  it('lists for its manager every notice of its own, scheduled and expired ones too, with state and author', async () => {
    const own = await adminA.get('/api/notices/managed');
    expect(own.status).toBe(200);
    expect(titlesOf(own)).toEqual(['A 予約', 'A 本日から', 'A 掲載終了', 'A 掲載中（期限あり）']);
    expect(own.body.items.map((item: { state: string }) => item.state)).toEqual(['SCHEDULED', 'PUBLISHED', 'EXPIRED', 'PUBLISHED']);
    expect(own.body.items[0]).toMatchObject({
      scope: 'COMPANY',
      companyId: companyA,
      createdBy: administratorA,
      updatedBy: administratorA,
    });
    expect(titlesOf(await adminA.get('/api/notices/managed?state=EXPIRED'))).toEqual(['A 掲載終了']);
    expect(titlesOf(await adminA.get('/api/notices/managed?state=SCHEDULED'))).toEqual(['A 予約']);
    expect(titlesOf(await adminB.get('/api/notices/managed'))).toEqual(['B 掲載中']);
    const platform = await operator.get('/api/notices/managed');
    expect(titlesOf(platform)).toEqual(['P 予約', 'P 重要なお知らせ', 'P 掲載終了', 'P 過去から掲載中']);
    expect(platform.body.items[0]).toMatchObject({ scope: 'PLATFORM', companyId: null, createdBy: env.operatorId, state: 'SCHEDULED' });
    expect((await adminA.get('/api/notices/managed?state=LATER')).status).toBe(400);
  });

  it("edits and withdraws its own notices; a withdrawn one is shown to no one and can't be edited", async () => {
    const edited = await adminA.patch(`/api/notices/${ids['A 本日から']}`, { body: '甲社の社内連絡（改訂）', importance: 'IMPORTANT' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'A 本日から', body: '甲社の社内連絡（改訂）', importance: 'IMPORTANT', state: 'PUBLISHED' });
    expect((await userA.get('/api/notices')).body.items[0]).toMatchObject({ title: 'A 本日から', body: '甲社の社内連絡（改訂）' });

    // Moving the start of a scheduled notice to now publishes it; clearing its end keeps it open.
    const published = await operator.patch(`/api/notices/${ids['P 予約']}`, { publishFrom: new Date().toISOString(), publishUntil: null });
    expect(published.body).toMatchObject({ state: 'PUBLISHED', publishUntil: null, updatedBy: env.operatorId });
    expect(titlesOf(await userB.get('/api/notices'))).toContain('P 予約');

    const withdrawn = await operator.delete(`/api/notices/${ids['P 予約']}`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ state: 'WITHDRAWN', withdrawnAt: expect.any(String) });
    for (const reader of [userA, userB, operator]) {
      expect(titlesOf(await reader.get('/api/notices'))).not.toContain('P 予約');
    }
    expect(titlesOf(await operator.get('/api/notices/managed'))).not.toContain('P 予約');
    expect(titlesOf(await operator.get('/api/notices/managed?state=WITHDRAWN'))).toContain('P 予約');
    expect((await operator.patch(`/api/notices/${ids['P 予約']}`, { title: '復活' })).status).toBe(404);
    expect((await operator.delete(`/api/notices/${ids['P 予約']}`)).status).toBe(404);
  });

  it("gives another company's administrator and the operator 404, a user 403, nobody 401 — changing nothing", async () => {
    const before = await rows();
    const target = ids['A 掲載中（期限あり）'];
    const platformNotice = ids['P 過去から掲載中'];
    const writes = (id: string): [string, string, unknown?][] => [
      ['PATCH', `/api/notices/${id}`, { title: '書き換え' }],
      ['DELETE', `/api/notices/${id}`],
    ];
    for (const [method, path, body] of writes(target)) {
      for (const [who, client] of [
        ['adminB', adminB],
        ['operator', operator],
      ] as const) {
        const reply = await client.request(method, path, body);
        expect({ who, method, status: reply.status, code: reply.body.error?.code }).toEqual({
          who,
          method,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
      expect((await userA.request(method, path, body)).status).toBe(403);
      expect((await env.client().request(method, path, body)).status).toBe(401);
    }
    // A company's administrator does not manage the platform's notices.
    for (const [method, path, body] of writes(platformNotice)) {
      expect({ method, status: (await adminA.request(method, path, body)).status }).toEqual({ method, status: 404 });
    }
    // A user who is not the administrator writes nothing and manages nothing.
    const post = await userA.post('/api/notices', { title: '一般利用者から', body: '本文' });
    expect(post.status).toBe(403);
    expect(post.body.error).toMatchObject({ code: 'FORBIDDEN', message: { ja: expect.stringContaining('権限'), en: expect.any(String) } });
    expect((await userA.get('/api/notices/managed')).status).toBe(403);
    expect((await env.client().get('/api/notices')).status).toBe(401);
    expect((await env.client().post('/api/notices', { title: 'x', body: 'y' })).status).toBe(401);
    // Notices are for people: an API token (even of the administrator) is refused.
    const token = await adminA.post('/api/api-tokens', { name: '基幹システム', scopes: ['users:read'] });
    expect((await HttpClient.forToken(env.baseUrl, token.body.token).get('/api/notices')).status).toBe(403);
    expect(await rows()).toEqual(before);
  });

  it('enforces who manages what inside identity itself, whatever actor a caller claims', async () => {
    const client = new ServiceClient({
      url: env.config.AMQP_URL,
      prefix: env.config.AMQP_PREFIX,
      deliveryLimit: env.config.AMQP_DELIVERY_LIMIT,
      timeoutMs: 10_000,
      reconnectSeconds: 1,
    });
    const refused = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        return (error as AppError).reply.code;
      }
      return 'ACCEPTED';
    };
    const actor = (overrides: Partial<ActorContext>): ActorContext => ({ kind: 'user', roles: [], requestId: randomUUID(), ...overrides });
    try {
      const before = await rows();
      const notice = { title: '偽装', body: '本文' };
      expect(
        await refused(
          client.send(Patterns.identity.createNotice, notice, {
            actor: actor({ kind: 'api-token', companyId: companyA, roles: ['administrator'], scopes: ['users:write'] }),
          }),
        ),
      ).toBe('FORBIDDEN');
      expect(
        await refused(client.send(Patterns.identity.createNotice, notice, { actor: actor({ userId: 'U000900', companyId: companyA }) })),
      ).toBe('FORBIDDEN');
      expect(
        await refused(
          client.send(
            Patterns.identity.updateNotice,
            { noticeId: ids['A 本日から'], title: '偽装' },
            { actor: actor({ userId: 'U000901', companyId: 'C999999', roles: ['administrator'] }) },
          ),
        ),
      ).toBe('NOT_FOUND');
      expect(
        await refused(
          client.send(Patterns.identity.currentNotices, {}, { actor: { kind: 'anonymous', roles: [], requestId: randomUUID() } }),
        ),
      ).toBe('UNAUTHENTICATED');
      expect(await rows()).toEqual(before);
    } finally {
      await client.close();
    }
  });

  it('refuses bad input with a named field in English and Japanese, storing and changing nothing', async () => {
    const before = await rows();
    const long = (length: number) => 'あ'.repeat(length);
    const cases: [string, Record<string, unknown>, string][] = [
      ['empty title', { title: '', body: '本文' }, 'title'],
      ['blank title', { title: '   ', body: '本文' }, 'title'],
      ['missing title', { body: '本文' }, 'title'],
      ['title of 101 characters', { title: long(101), body: '本文' }, 'title'],
      ['empty body', { title: '件名', body: '' }, 'body'],
      ['body of 4001 characters', { title: '件名', body: long(4001) }, 'body'],
      ['unknown importance', { title: '件名', body: '本文', importance: 'URGENT' }, 'importance'],
      ['a date without time and offset', { title: '件名', body: '本文', publishFrom: '2026-12-01' }, 'publishFrom'],
      ['until before from', { title: '件名', body: '本文', publishFrom: inHours(2), publishUntil: inHours(1) }, 'publishUntil'],
      [
        'until equal to from',
        { title: '件名', body: '本文', publishFrom: '2026-12-01T00:00:00+09:00', publishUntil: '2026-11-30T15:00:00Z' },
        'publishUntil',
      ],
    ];
    for (const [name, body, path] of cases) {
      const reply = await adminA.post('/api/notices', body);
      expect({ name, status: reply.status, code: reply.body.error?.code }).toEqual({ name, status: 400, code: 'VALIDATION_FAILED' });
      expect(reply.body.error.message).toEqual({ ja: expect.stringMatching(/[ぁ-んァ-ン一-龥]/), en: expect.any(String) });
      const detail = reply.body.error.details.find((d: { path: string }) => d.path === path);
      expect({ name, detail }).toEqual({
        name,
        detail: { path, message: expect.any(String), messageJa: expect.stringMatching(/[ぁ-んァ-ン一-龥]/) },
      });
    }
    const edits: [string, string, Record<string, unknown>, string][] = [
      // The scheduled notice starts in 2 h: an end 30 min from now would come before it.
      ['an end before the stored start', ids['A 予約'], { publishUntil: inHours(0.5) }, 'publishUntil'],
      ['a start after the stored end', ids['A 掲載中（期限あり）'], { publishFrom: inHours(48) }, 'publishUntil'],
      ['an empty title', ids['A 本日から'], { title: '' }, 'title'],
      ['a title of 101 characters', ids['A 本日から'], { title: long(101) }, 'title'],
    ];
    for (const [name, id, body, path] of edits) {
      const reply = await adminA.patch(`/api/notices/${id}`, body);
      expect({ name, status: reply.status }).toEqual({ name, status: 400 });
      expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const window = await adminA.patch(`/api/notices/${ids['A 予約']}`, { publishUntil: inHours(0.5) });
    expect(window.body.error.details[0]).toMatchObject({
      path: 'publishUntil',
      message: expect.stringContaining('must be after publishFrom'),
      messageJa: '掲載終了日時は掲載開始日時より後の日時にしてください。',
    });
    expect((await adminA.patch('/api/notices/not-a-uuid', { title: '件名' })).status).toBe(400);
    expect((await adminA.delete('/api/notices/not-a-uuid')).status).toBe(400);
    expect((await adminA.patch(`/api/notices/${randomUUID()}`, { title: '件名' })).status).toBe(404);
    expect(await rows()).toEqual(before);
  });
});
