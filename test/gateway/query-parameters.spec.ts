import { HttpClient } from '@app/testing';
import { IdentityPlatform } from '../identity/identity-platform';

type Parameter = { name: string; in: string };
type Document = { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * Every query parameter an endpoint documents is honoured, and one it does not document is refused with 400
 * VALIDATION_FAILED naming it in Japanese and English — checked for every list in the served document.
 */
describe('query parameters: documented ones honoured, others refused', () => {
  let env: IdentityPlatform;
  let admin: HttpClient;
  let operator: HttpClient;
  let document: Document;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    admin = (await env.company('株式会社 照会工業')).admin;
    operator = await env.operator();
    document = (await env.client().get('/api/docs/openapi.json')).body as Document;
  });

  afterAll(async () => {
    await env?.close();
  });

  const lists = () =>
    Object.entries(document.paths)
      .filter(([, methods]) => methods.get?.parameters?.some((parameter) => parameter.in === 'query'))
      .map(([route, methods]) => ({ route, names: (methods.get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) }));

  it('refuses an undocumented query parameter on every list with a bilingual 400 that names it', async () => {
    expect(lists().length).toBeGreaterThanOrEqual(13);
    for (const { route, names } of lists()) {
      const url = `${route.replace(/\{[^}]+\}/g, SOME_UUID)}?unexpectedFilter=1`;
      const reply = await admin.get(url);
      const details = (reply.body?.error?.details ?? []) as Array<{ path: string; message: string; messageJa: string }>;
      expect({ url, status: reply.status, code: reply.body?.error?.code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' });
      expect({ url, details }).toEqual({
        url,
        details: [
          {
            path: 'unexpectedFilter',
            message: expect.stringContaining(names[0]),
            messageJa: expect.stringContaining('「unexpectedFilter」は指定できません'),
          },
        ],
      });
      expect(reply.body.error.message).toEqual({ ja: expect.any(String), en: expect.any(String) });
    }
  });

  it('honours the documented ones: filters, page and page size', async () => {
    for (const [name, email] of [
      ['検索 一郎', 'ichiro@shokai.example.jp'],
      ['検索 二郎', 'jiro@shokai.example.jp'],
      ['別名 三郎', 'saburo@shokai.example.jp'],
    ]) {
      expect((await admin.post('/api/users', { name, email, roles: ['registrant'] })).status).toBe(201);
    }
    const pages = [];
    for (const page of [1, 2]) {
      const found = await admin.get(`/api/users?query=${encodeURIComponent('検索')}&pageSize=1&page=${page}`);
      expect(found.status).toBe(200);
      expect(found.body).toEqual(expect.objectContaining({ total: 2, page, pageSize: 1, items: [expect.any(Object)] }));
      pages.push(found.body.items[0].name as string);
    }
    expect(pages.sort()).toEqual(['検索 一郎', '検索 二郎']);
    const empty = await admin.get('/api/users?query=&pageSize=');
    expect(empty.status).toBe(200);
    expect(empty.body.pageSize).toBe(20);

    const companies = await operator.get(`/api/companies?query=${encodeURIComponent('照会工業')}`);
    expect(companies.status).toBe(200);
    expect(companies.body.items.map((company: { name: string }) => company.name)).toEqual(['株式会社 照会工業']);

    const badValue = await admin.get('/api/users?pageSize=0');
    expect({ status: badValue.status, path: badValue.body.error.details[0].path }).toEqual({ status: 400, path: 'pageSize' });
  });
});
