import { X509Certificate } from 'node:crypto';
import { asc, count, eq } from 'drizzle-orm';
import { openDatabase } from '@app/db';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { companies, operators, users } from '@apps/identity/src/database/identity.schema';
import { DEMO_PASSWORD } from '@apps/identity/src/demo/demo-data';
import { verifyPassword } from '@apps/identity/src/passwords/password-hasher';
import { certificateHolders, certificates } from '@apps/signing/src/database/signing.schema';
import { unwrapPrivateKey } from '@apps/signing/src/pki/private-key-wrap';
import { loadPlatformCa } from '@apps/signing/src/platform/platform-ca.store';
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

  it("creates the operator and the seed manual's two companies, whose users log in with the demo password, and is idempotent", async () => {
    const first: string[] = [];
    await seedDemoData(config, (line) => first.push(line));
    const second: string[] = [];
    await seedDemoData(config, (line) => second.push(line));
    // Only the first run makes the platform CA; everything else is the same.
    expect(first).toContain('seed: created the platform CA and TSA');
    expect(second).toEqual(first.filter((line) => line !== 'seed: created the platform CA and TSA'));
    expect(second).toEqual([
      'seed: demo accounts (password for all: Demo-pass-2026)',
      '  P000001  運営 担当  (platform operator)  [operator]',
      '  U000001  発注建設 管理者  C000001 発注建設株式会社  [管理用ID]',
      '  U000002  山田 太郎  C000001 発注建設株式会社  [registrant]',
      '  U000003  鈴木 一郎  C000001 発注建設株式会社  [approver]',
      '  U000004  田中 誠  C000001 発注建設株式会社  [signer]',
      '  U000005  受注工務店 管理者  C000002 株式会社受注工務店  [管理用ID]',
      '  U000006  佐藤 二郎  C000002 株式会社受注工務店  [recipient, signer, 一括署名]',
      '  U000007  高橋 三郎  C000002 株式会社受注工務店  [recipient, approver]',
      'seed: demo certificates, active for their signer (証明書有効性確認 done, no PIN needed)',
      expect.stringMatching(/^ {2}U000004 {2}田中 誠 {2}serial [0-9A-F]+$/),
      expect.stringMatching(/^ {2}U000006 {2}佐藤 二郎 {2}serial [0-9A-F]+$/),
    ]);

    const database = openDatabase(config.DATABASE_URL, { poolSize: 1 });
    try {
      const all = await database.db.select().from(companies).orderBy(asc(companies.id));
      expect(all.map(({ id, name, plan, options }) => ({ id, name, plan, options }))).toEqual([
        { id: 'C000001', name: '発注建設株式会社', plan: 'ONE_SIDE', options: ['MATTER'] },
        { id: 'C000002', name: '株式会社受注工務店', plan: 'PARTNER_ONLY', options: ['BULK_SIGN'] },
      ]);
      const [operatorCount] = await database.db.select({ n: count() }).from(operators);
      expect(operatorCount?.n).toBe(1);
      const people = await database.db.select().from(users).orderBy(asc(users.id));
      expect(people).toHaveLength(7);
      expect(people.filter((user) => user.isAdministrator).map((user) => user.id)).toEqual(['U000001', 'U000005']);
      expect(people.find((user) => user.name === '佐藤 二郎')).toMatchObject({ roles: ['recipient', 'signer'], bulkSign: true });
      for (const user of people) {
        expect(user.mustChangePassword).toBe(false);
        expect(await verifyPassword(user.passwordHash as string, DEMO_PASSWORD)).toBe(true);
      }
    } finally {
      await database.close();
    }
  });

  it('gives each signer one active certificate from the platform CA that the signing service loads', async () => {
    await seedDemoData(config, () => undefined);
    const database = openDatabase(config.DATABASE_URL, { poolSize: 1 });
    try {
      const held = await database.db
        .select({ certificate: certificates, holder: certificateHolders })
        .from(certificateHolders)
        .innerJoin(certificates, eq(certificates.serialNumber, certificateHolders.serialNumber))
        .orderBy(asc(certificateHolders.userId));
      expect(held.map(({ holder }) => [holder.userId, holder.companyId])).toEqual([
        ['U000004', 'C000001'],
        ['U000006', 'C000002'],
      ]);
      const engine = await loadPlatformCa(database.db, config);
      const issuing = new X509Certificate(engine.ca.issuingCertificate.toString('pem'));
      for (const { certificate, holder } of held) {
        expect(holder.activatedAt).toBeInstanceOf(Date);
        expect(holder.lockedAt).toBeNull();
        expect(certificate.revokedAt).toBeNull();
        const x509 = new X509Certificate(Buffer.from(certificate.certificateDer, 'base64'));
        expect(x509.verify(issuing.publicKey)).toBe(true);
        expect(x509.checkIssued(issuing)).toBe(true);
      }
      expect(held[1]?.certificate.subject).toContain('CN=佐藤 二郎');
      expect(held[1]?.certificate.subject).toContain('O=株式会社受注工務店');
      // The key is stored only wrapped, and unwraps with the master key to the certificate's key.
      for (const { certificate } of held) {
        const key = unwrapPrivateKey(
          Buffer.from(certificate.privateKeyWrapped, 'base64'),
          Buffer.from(config.SIGNING_MASTER_KEY, 'base64'),
          `user:${certificate.serialNumber}`,
        );
        const x509 = new X509Certificate(Buffer.from(certificate.certificateDer, 'base64'));
        expect(x509.checkPrivateKey(key)).toBe(true);
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
