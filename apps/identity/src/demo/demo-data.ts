import { and, eq } from 'drizzle-orm';
import { CompanyOption, Plan, UserRole } from '@app/contracts';
import { Database, inTransaction } from '@app/db';
import { companies, users } from '../database/identity.schema';
import { ensureOperator } from '../operators/operator-bootstrap';
import { hashPassword } from '../passwords/password-hasher';

/** The one password of every demo account (it meets the password rule). Local demo only. */
export const DEMO_PASSWORD = 'Demo-pass-2026';

interface DemoUser {
  name: string;
  email: string;
  department: string;
  roles: UserRole[];
  bulkSign?: boolean;
  administrator?: boolean;
}

interface DemoCompany {
  name: string;
  plan: Plan;
  options: CompanyOption[];
  users: DemoUser[];
}

/** A general contractor (one-side-pays) and a subcontractor (partner-only, with bulk signing), as in the seed manual. */
export const DEMO_COMPANIES: DemoCompany[] = [
  {
    name: '株式会社 大空建設（デモ）',
    plan: 'ONE_SIDE',
    options: ['BULK_SIGN', 'MATTER'],
    users: [
      { name: '大空 管理者', email: 'admin@ozora.demo.inkan.jp', department: '総務部', roles: [], administrator: true },
      { name: '山田 太郎', email: 'yamada@ozora.demo.inkan.jp', department: '工事部', roles: ['registrant'] },
      { name: '鈴木 次郎', email: 'suzuki@ozora.demo.inkan.jp', department: '工事部', roles: ['approver'] },
      { name: '田中 社長', email: 'tanaka@ozora.demo.inkan.jp', department: '経営', roles: ['signer'] },
    ],
  },
  {
    name: '有限会社 山川工務店（デモ）',
    plan: 'PARTNER_ONLY',
    options: ['BULK_SIGN'],
    users: [
      { name: '山川 管理者', email: 'admin@yamakawa.demo.inkan.jp', department: '総務部', roles: [], administrator: true },
      { name: '佐藤 花子', email: 'sato@yamakawa.demo.inkan.jp', department: '工務部', roles: ['recipient', 'signer'], bulkSign: true },
      { name: '高橋 三郎', email: 'takahashi@yamakawa.demo.inkan.jp', department: '工務部', roles: ['recipient', 'approver'] },
    ],
  },
];

export interface DemoAccount {
  loginId: string;
  name: string;
  company: string;
  roles: string;
}

/**
 * Demo data for local runs, written straight into identity's tables (no
 * mails: the passwords are known). Idempotent: companies by name, users by
 * e-mail, so `npm start` runs it every time.
 */
export async function seedIdentityDemo(db: Database): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const operatorId = await ensureOperator(db, {
    name: '運営 担当',
    email: 'operator@demo.inkan.jp',
    password: DEMO_PASSWORD,
    mustChangePassword: false,
  });
  const accounts: DemoAccount[] = [{ loginId: operatorId, name: '運営 担当', company: '(platform operator)', roles: 'operator' }];
  for (const demo of DEMO_COMPANIES) {
    await inTransaction(db, async (tx) => {
      const [existing] = await tx.select().from(companies).where(eq(companies.name, demo.name));
      const company =
        existing ?? (await tx.insert(companies).values({ name: demo.name, plan: demo.plan, options: demo.options }).returning())[0];
      if (!company) {
        throw new Error(`demo company ${demo.name} was not created`);
      }
      for (const person of demo.users) {
        const [found] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.companyId, company.id), eq(users.email, person.email)));
        const id =
          found?.id ??
          (
            await tx
              .insert(users)
              .values({
                companyId: company.id,
                name: person.name,
                email: person.email,
                department: person.department,
                isAdministrator: person.administrator ?? false,
                roles: person.roles,
                bulkSign: person.bulkSign ?? false,
                passwordHash,
                mustChangePassword: false,
              })
              .returning({ id: users.id })
          )[0]?.id;
        const roles = [...(person.administrator ? ['管理用ID'] : []), ...person.roles, ...(person.bulkSign ? ['一括署名'] : [])].join(', ');
        accounts.push({ loginId: id, name: person.name, company: `${company.id} ${company.name}`, roles });
      }
    });
  }
  return accounts;
}
