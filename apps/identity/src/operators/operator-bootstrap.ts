import { eq } from 'drizzle-orm';
import { Database } from '@app/db';
import { operators } from '../database/identity.schema';
import { hashPassword } from '../passwords/password-hasher';
import { checkNewPassword } from '../passwords/password-policy';

/**
 * The first platform operator cannot be created through the API (only an
 * operator creates companies). Seeds and installs call this directly against
 * identity's database; it is idempotent by e-mail.
 */
export async function ensureOperator(
  db: Database,
  operator: { name: string; email: string; password: string; mustChangePassword?: boolean },
): Promise<string> {
  const [existing] = await db.select({ id: operators.id }).from(operators).where(eq(operators.email, operator.email));
  if (existing) {
    return existing.id;
  }
  const violations = checkNewPassword(operator.password);
  if (violations.length > 0) {
    throw new Error(`operator password breaks the password rule: ${violations.join(', ')}`);
  }
  const [created] = await db
    .insert(operators)
    .values({
      name: operator.name,
      email: operator.email,
      passwordHash: await hashPassword(operator.password),
      mustChangePassword: operator.mustChangePassword ?? true,
    })
    .returning({ id: operators.id });
  return created.id;
}
