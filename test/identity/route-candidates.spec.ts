import { HttpClient } from '@app/testing';
import { IdentityPlatform } from './identity-platform';

type Candidate = { userId: string; name: string; roles: string[] };

/**
 * GET /api/users/route-candidates (社内回覧先設定's pickers): any logged-in
 * member of a company reads its own company's users who can take a route step
 * now — active, holding 承認者 or 署名者 — as ID, name and those roles only.
 */
describe('route candidates', () => {
  let env: IdentityPlatform;
  let adminA: HttpClient;
  let memberA: HttpClient;
  let memberB: HttpClient;
  let ids: Record<'approver' | 'signer' | 'both' | 'disabled' | 'locked' | 'registrant' | 'approverB' | 'registrantB', string>;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const a = await env.company('株式会社 回覧建設');
    const b = await env.company('株式会社 他社工業');
    adminA = a.admin;
    const register = async (admin: HttpClient, name: string, email: string, roles: string[]) => {
      const reply = await admin.post('/api/users', { name, email, roles });
      expect(reply.status).toBe(201);
      return reply.body.userId as string;
    };
    ids = {
      approver: await register(adminA, '承認 一郎', 'shonin@kairan.example.jp', ['approver']),
      signer: await register(adminA, '署名 二郎', 'shomei@kairan.example.jp', ['signer']),
      both: await register(adminA, '兼務 三郎', 'kenmu@kairan.example.jp', ['recipient', 'approver', 'signer']),
      disabled: await register(adminA, '停止 四郎', 'teishi@kairan.example.jp', ['approver', 'signer']),
      locked: await register(adminA, '施錠 五郎', 'sejo@kairan.example.jp', ['signer']),
      registrant: await register(adminA, '登録 六郎', 'toroku@kairan.example.jp', ['registrant']),
      approverB: await register(b.admin, '他社 承認', 'shonin@tasha.example.jp', ['approver', 'signer']),
      registrantB: await register(b.admin, '他社 登録', 'toroku@tasha.example.jp', ['registrant']),
    };
    expect((await adminA.post(`/api/users/${ids.disabled}/disable`)).status).toBe(200);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await env.client().login(ids.locked, 'Wrong-pass-1')).status).toBe(401);
    }
    expect((await adminA.get(`/api/users/${ids.locked}`)).body.status).toBe('LOCKED');
    memberA = (await env.firstLogin(ids.registrant, 'toroku@kairan.example.jp')).admin;
    memberB = (await env.firstLogin(ids.registrantB, 'toroku@tasha.example.jp')).admin;
  });

  afterAll(async () => {
    await env?.close();
  });

  it("gives a member its own company's active approvers and signers, by user ID, with names and route roles only", async () => {
    const reply = await memberA.get('/api/users/route-candidates');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      items: [
        { userId: ids.approver, name: '承認 一郎', roles: ['approver'] },
        { userId: ids.signer, name: '署名 二郎', roles: ['signer'] },
        { userId: ids.both, name: '兼務 三郎', roles: ['approver', 'signer'] },
      ],
    });
    // Nothing but ID, name and route roles: no mail address, department, status or other roles.
    expect(JSON.stringify(reply.body)).not.toMatch(/@|recipient|registrant|email|status/);
    // The 管理用ID is a member too and reads the same list.
    expect((await adminA.get('/api/users/route-candidates')).body).toEqual(reply.body);
  });

  it('never lists another company’s users, a disabled or a locked user, or one without a route role', async () => {
    const seenByA = ((await memberA.get('/api/users/route-candidates')).body.items as Candidate[]).map((item) => item.userId);
    for (const never of [ids.approverB, ids.registrantB, ids.disabled, ids.locked, ids.registrant]) {
      expect(seenByA).not.toContain(never);
    }
    const seenByB = await memberB.get('/api/users/route-candidates');
    expect(seenByB.body).toEqual({ items: [{ userId: ids.approverB, name: '他社 承認', roles: ['approver', 'signer'] }] });
    // Enabled again, the user is a candidate again.
    expect((await adminA.post(`/api/users/${ids.disabled}/enable`)).status).toBe(200);
    const again = ((await memberA.get('/api/users/route-candidates')).body.items as Candidate[]).map((item) => item.userId);
    expect(again).toContain(ids.disabled);
    expect((await adminA.post(`/api/users/${ids.disabled}/disable`)).status).toBe(200);
  });

  it('answers 401 to nobody and 403 to an API token and to the operator', async () => {
    const anonymous = await env.client().get('/api/users/route-candidates');
    expect({ status: anonymous.status, code: anonymous.body.error?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(anonymous.body.error.message).toEqual({ ja: 'ログインしてください。', en: 'Please log in.' });

    const token = await adminA.post('/api/api-tokens', { name: '基幹システム', scopes: ['users:read'] });
    expect(token.status).toBe(201);
    const byToken = await HttpClient.forToken(env.baseUrl, token.body.token).get('/api/users/route-candidates');
    expect({ status: byToken.status, code: byToken.body.error?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });

    const byOperator = await (await env.operator()).get('/api/users/route-candidates');
    expect({ status: byOperator.status, code: byOperator.body.error?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('is in the OpenAPI document next to the other user endpoints', async () => {
    const document = await env.client().get('/api/docs/openapi.json');
    const operation = document.body.paths['/api/users/route-candidates']?.get;
    expect(operation?.summary).toBe('回覧先の候補 / Route candidates');
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
  });
});
