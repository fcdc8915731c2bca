import { count, eq } from 'drizzle-orm';
import { companies, invitations } from '@apps/identity/src/database/identity.schema';
import { IdentityPlatform } from './identity-platform';

describe('partner invitation (利用申請サイトのお知らせ → online application)', () => {
  let env: IdentityPlatform;

  beforeAll(async () => {
    env = await IdentityPlatform.start({ PUBLIC_BASE_URL: 'https://inkan.example.jp' });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('lets a one-side-pays company invite a partner, who applies once with the mailed link and gets a partner-only company', async () => {
    const { admin, companyId } = await env.company('株式会社 元請建設', { plan: 'ONE_SIDE' });
    const invited = await admin.post('/api/invitations', { email: 'Partner@Example.jp' });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      email: 'partner@example.jp',
      invitingCompanyId: companyId,
      invitingCompanyName: '株式会社 元請建設',
    });

    const mail = await env.smtp.waitFor((m) => m.envelope.to.includes('partner@example.jp'));
    expect(mail.subject).toBe('【inkanサービス】利用申請サイトのお知らせ');
    const link = /https:\/\/inkan\.example\.jp\/partner-application#token=([A-Za-z0-9_-]{43})/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = link?.[1] as string;
    // The database holds only the token's hash.
    const dump = await env.database.pool.query<{ row: string }>(`SELECT row_to_json(i)::text AS row FROM identity.invitations i`);
    expect(dump.rows.some((r) => r.row.includes(token))).toBe(false);

    const partner = env.client();
    const inspected = await partner.post('/api/partner-applications/inspect', { token });
    expect(inspected.status).toBe(200);
    expect(inspected.body.invitingCompanyName).toBe('株式会社 元請建設');

    const applied = await partner.post('/api/partner-applications', {
      token,
      companyName: '有限会社 下請工業',
      administrator: { name: '下請 管理者', email: 'partner@example.jp', department: '総務部' },
    });
    expect(applied.status).toBe(201);
    expect(applied.body.company).toMatchObject({ name: '有限会社 下請工業', plan: 'PARTNER_ONLY', options: [] });
    const administratorId: string = applied.body.administrator.userId;
    expect(applied.body.company.administratorUserId).toBe(administratorId);
    // The new administrator gets the usual two mails and can log in.
    const { admin: partnerAdmin } = await env.firstLogin(administratorId, 'partner@example.jp');
    expect((await partnerAdmin.get('/api/users')).body.items.map((u: { userId: string }) => u.userId)).toEqual([administratorId]);

    // Single use.
    const again = await partner.post('/api/partner-applications', {
      token,
      companyName: '二重 申請',
      administrator: { name: 'x', email: 'x@example.jp' },
    });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('INVITATION_INVALID');
    expect(again.body.error.message.ja).toContain('無効');

    // A partner-only company cannot invite in turn.
    const refused = await partnerAdmin.post('/api/invitations', { email: 'third@example.jp' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('INVITATION_NOT_ALLOWED');
  });

  it('refuses an expired or unknown link and a bad application without creating anything', async () => {
    const { admin } = await env.company('株式会社 期限建設', { plan: 'ONE_SIDE' });
    const invited = await admin.post('/api/invitations', { email: 'late@example.jp' });
    const mail = await env.smtp.waitFor((m) => m.envelope.to.includes('late@example.jp'));
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] as string;
    const companiesBefore = (await env.database.db.select({ n: count() }).from(companies))[0]?.n;

    const bad = await env
      .client()
      .post('/api/partner-applications', { token, companyName: '', administrator: { name: '', email: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'administrator.email',
      'administrator.name',
      'companyName',
    ]);

    await env.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invited.body.invitationId));
    const expired = await env
      .client()
      .post('/api/partner-applications', { token, companyName: '遅延 工業', administrator: { name: 'x', email: 'late@example.jp' } });
    expect(expired.body.error.code).toBe('INVITATION_INVALID');
    const unknown = await env.client().post('/api/partner-applications/inspect', { token: 'A'.repeat(43) });
    expect(unknown.status).toBe(404);
    const malformed = await env.client().post('/api/partner-applications/inspect', { token: 'short' });
    expect(malformed.status).toBe(400);

    expect((await env.database.db.select({ n: count() }).from(companies))[0]?.n).toBe(companiesBefore);
  });

  it('creates exactly one company when two applications race with the same link', async () => {
    const { admin } = await env.company('株式会社 競争建設', { plan: 'ONE_SIDE' });
    await admin.post('/api/invitations', { email: 'race@example.jp' });
    const mail = await env.smtp.waitFor((m) => m.envelope.to.includes('race@example.jp'));
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] as string;
    const replies = await Promise.all(
      ['一番 工業', '二番 工業'].map((companyName) =>
        env.client().post('/api/partner-applications', { token, companyName, administrator: { name: 'x', email: 'race@example.jp' } }),
      ),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, 404]);
    const rows = await env.database.pool.query(`SELECT name FROM identity.companies WHERE name IN ('一番 工業', '二番 工業')`);
    expect(rows.rowCount).toBe(1);
  });
});
