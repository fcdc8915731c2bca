import { and, eq } from 'drizzle-orm';
import { UserRole } from '@app/contracts';
import { Database, inTransaction } from '@app/db';
import { companies, users } from '../database/identity.schema';
import { ensureOperator } from '../operators/operator-bootstrap';
import { hashPassword } from '../passwords/password-hasher';
import { DEMO_COMPANIES, DEMO_OPERATOR, DEMO_PASSWORD } from './demo-companies';

export { DEMO_PASSWORD } from './demo-companies';

export interface DemoAccount {
  loginId: string;
  name: string;
  email: string;
  department: string;
  /** Absent for the platform operator. */
  company?: { companyId: string; name: string };
  roles: UserRole[];
  administrator: boolean;
  bulkSign: boolean;
}

/**
 * Demo data for local runs, written straight into identity's tables (no
 * mails: the passwords are known). Idempotent: companies by name, users by
 * e-mail, so `npm start` runs it every time.
 */
export async function seedIdentityDemo(db: Database): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const operatorId = await ensureOperator(db, { ...DEMO_OPERATOR, password: DEMO_PASSWORD, mustChangePassword: false });
  const accounts: DemoAccount[] = [
    { loginId: operatorId, ...DEMO_OPERATOR, department: '', roles: [], administrator: false, bulkSign: false },
  ];
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
        if (!id) {
          throw new Error(`demo user ${person.email} was not created`);
        }
        accounts.push({
          loginId: id,
          name: person.name,
          email: person.email,
          department: person.department,
          company: { companyId: company.id, name: company.name },
          roles: person.roles,
          administrator: person.administrator ?? false,
          bulkSign: person.bulkSign ?? false,
        });
      }
    });
  }
  return accounts;
}
