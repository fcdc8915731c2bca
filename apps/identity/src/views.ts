import { CompanyView, UserView } from '@app/contracts';
import { companies, users } from './database/identity.schema';

export type CompanyRow = typeof companies.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export function toCompanyView(company: CompanyRow, administratorUserId: string | null): CompanyView {
  return {
    companyId: company.id,
    name: company.name,
    plan: company.plan,
    options: company.options,
    administratorUserId,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
  };
}

export function userStatus(user: Pick<UserRow, 'disabledAt' | 'lockedAt'>): UserView['status'] {
  if (user.disabledAt) {
    return 'DISABLED';
  }
  return user.lockedAt ? 'LOCKED' : 'ACTIVE';
}

/** What an administrator may see of a user: never the password hash or the failure counter. */
export function toUserView(user: UserRow): UserView {
  return {
    userId: user.id,
    companyId: user.companyId,
    name: user.name,
    email: user.email,
    department: user.department,
    language: user.language,
    isAdministrator: user.isAdministrator,
    roles: user.roles,
    bulkSign: user.bulkSign,
    status: userStatus(user),
    mustChangePassword: user.mustChangePassword,
    lockedAt: user.lockedAt?.toISOString() ?? null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
