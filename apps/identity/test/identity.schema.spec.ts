import { asc, sql } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { DatabaseHandle, openDatabase, runMigrations } from '@app/db';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { identityMigrations } from '../src/identity.module';
import { companies, users } from '../src/database/identity.schema';

/** The identity schema on the real PostgreSQL: ID issuance and the rules the database itself enforces. */
describe('identity schema', () => {
  let config: AppConfig;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    handle = openDatabase(config.DATABASE_URL, { poolSize: 8 });
    await runMigrations(handle, identityMigrations);
  });

  afterAll(async () => {
    await handle?.close();
    await dropTestDatabase(config);
  });

  it('issues company IDs C + 6 digits and user IDs U + 6 digits in sequence', async () => {
    const [first, second] = await handle.db
      .insert(companies)
      .values([
        { name: '株式会社テスト建設', plan: 'ONE_SIDE', options: ['BULK_SIGN'] },
        { name: '有限会社サンプル工業', plan: 'PARTNER_ONLY' },
      ])
      .returning({ id: companies.id });
    expect([first.id, second.id]).toEqual(['C000001', 'C000002']);

    const created = await handle.db
      .insert(users)
      .values([
        { companyId: first.id, name: '山田 太郎', email: 'yamada@example.com', roles: ['recipient', 'signer'], bulkSign: true },
        { companyId: first.id, name: '佐藤 花子', email: 'sato@example.com', isAdministrator: true },
      ])
      .returning();
    expect(created.map((user) => user.id)).toEqual(['U000001', 'U000002']);
    expect(created[0]).toMatchObject({ language: 'ja', mustChangePassword: true, failedLogins: 0, passwordHash: null, lockedAt: null });
  });

  it('never issues the same ID twice, even to many inserts at once', async () => {
    const [company] = await handle.db.select().from(companies).orderBy(asc(companies.id)).limit(1);
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        handle.db
          .insert(users)
          .values({ companyId: company.id, name: `利用者 ${index}`, email: `u${index}@example.com` })
          .returning({ id: users.id })
          .then(([row]) => row.id),
      ),
    );
    expect(new Set(ids).size).toBe(40);
    expect(ids.every((id) => /^U\d{6}$/.test(id))).toBe(true);
  });

  it.each([
    ['an unknown plan', sql`INSERT INTO identity.companies (name, plan) VALUES ('x', 'FREE')`, 'companies_plan_known'],
    [
      'an unknown option',
      sql`INSERT INTO identity.companies (name, plan, options) VALUES ('x', 'BOTH', '{GOLD}')`,
      'companies_options_known',
    ],
    ['a blank name', sql`INSERT INTO identity.companies (name, plan) VALUES ('  ', 'BOTH')`, 'companies_name_present'],
    ['a malformed company ID', sql`INSERT INTO identity.companies (id, name, plan) VALUES ('C12', 'x', 'BOTH')`, 'companies_id_format'],
    [
      'an unknown role',
      sql`INSERT INTO identity.users (company_id, name, email, roles) VALUES ('C000001', 'x', 'x@example.com', '{owner}')`,
      'users_roles_known',
    ],
    [
      'an unknown language',
      sql`INSERT INTO identity.users (company_id, name, email, language) VALUES ('C000001', 'x', 'x@example.com', 'fr')`,
      'users_language_known',
    ],
    [
      'a user of no company',
      sql`INSERT INTO identity.users (company_id, name, email) VALUES ('C999999', 'x', 'x@example.com')`,
      'users_company_id_companies_id_fk',
    ],
  ])('refuses %s', async (_label, statement, constraint) => {
    await expect(handle.db.execute(statement)).rejects.toMatchObject({ cause: expect.objectContaining({ constraint }) });
  });
});
