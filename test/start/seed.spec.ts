import { count } from 'drizzle-orm';
import { openDatabase } from '@app/db';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { companies, operators, users } from '@apps/identity/src/database/identity.schema';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-data';
import { verifyPassword } from '@apps/identity/src/passwords/password-hasher';
import { migrateAll } from '@scripts/migrate';
import { createOperator } from '@scripts/create-operator';
import { seedDemoData } from '@scripts/seed';
import { checkNewPassword } from '@apps/identity/src/passwords/password-policy';

describe('demo seed', () => {
  const config = testConfig();

  beforeAll(async () => {
    await createTestDatabase(config);
    await migrateAll(config, () => undefined);
  });

  afterAll(async () => {
    await dropTestDatabase(config);
  });

  it('creates an operator and two companies whose users log in with the demo password, and is idempotent', async () => {
    const first: string[] = [];
    await seedDemoData(config, (line) => first.push(line));
    const second: string[] = [];
    await seedDemoData(config, (line) => second.push(line));
    expect(second).toEqual(first);
    expect(first.join('\n')).toMatch(/P000001 {2}運営 担当/);
    expect(first.join('\n')).toMatch(/U\d{6} {2}佐藤 花子 {2}C\d{6} 有限会社 山川工務店（デモ） {2}\[recipient, signer, 一括署名\]/);

    const database = openDatabase(config.DATABASE_URL, { poolSize: 1 });
    try {
      const [companyCount] = await database.db.select({ n: count() }).from(companies);
      const [operatorCount] = await database.db.select({ n: count() }).from(operators);
      const all = await database.db.select().from(users);
      expect(companyCount?.n).toBe(2);
      expect(operatorCount?.n).toBe(1);
      expect(all).toHaveLength(7);
      expect(all.filter((user) => user.isAdministrator)).toHaveLength(2);
      for (const user of all) {
        expect(user.mustChangePassword).toBe(false);
        expect(await verifyPassword(user.passwordHash as string, DEMO_PASSWORD)).toBe(true);
      }
    } finally {
      await database.close();
    }
  });
});

describe('operator:create', () => {
  const config = testConfig();

  beforeAll(async () => {
    await createTestDatabase(config);
    await migrateAll(config, () => undefined);
  });

  afterAll(async () => {
    await dropTestDatabase(config);
  });

  it('creates the first operator once, with a one-time password that must be changed', async () => {
    const created = await createOperator(config, { name: '運営 一郎', email: 'ops@example.jp' });
    expect(created.operatorId).toBe('P000001');
    expect(checkNewPassword(created.initialPassword as string)).toEqual([]);
    const again = await createOperator(config, { name: '運営 一郎', email: 'ops@example.jp' });
    expect(again).toEqual({ operatorId: 'P000001' });

    const database = openDatabase(config.DATABASE_URL, { poolSize: 1 });
    try {
      const [operator] = await database.db.select().from(operators);
      expect(operator?.mustChangePassword).toBe(true);
      expect(await verifyPassword(operator?.passwordHash as string, created.initialPassword as string)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
