import { CompanyOption, UserRole } from '@app/contracts';
import { identityError } from '../identity.errors';

/**
 * 一括署名 needs the company's option and a user who is both recipient and
 * signer (the seed's preconditions); the 管理用ID holds no contract roles.
 */
export function assertUserSettings(
  company: { options: readonly CompanyOption[] },
  user: { isAdministrator: boolean; roles: readonly UserRole[]; bulkSign: boolean },
): void {
  if (user.isAdministrator && (user.roles.length > 0 || user.bulkSign)) {
    throw identityError('ADMINISTRATOR_PROTECTED');
  }
  if (!user.bulkSign) {
    return;
  }
  if (!company.options.includes('BULK_SIGN')) {
    throw identityError('BULK_SIGN_OPTION_REQUIRED');
  }
  if (!user.roles.includes('recipient') || !user.roles.includes('signer')) {
    throw identityError('BULK_SIGN_REQUIRES_RECIPIENT_AND_SIGNER');
  }
}
