import { ActorContext, CompanyOption, UserRole } from '@app/contracts';
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

/**
 * The 管理用ID holds the company's keys (tokens, users, webhooks): its mail
 * address, password, roles and status change only by the administrator
 * itself or the platform operator, each logged in — never through an API
 * token (a leaked `users:write` token must not turn into the whole company)
 * nor by any other user.
 */
export function assertMayChangeAdministrator(actor: ActorContext, user: { id: string; isAdministrator: boolean }): void {
  const self = actor.kind === 'user' && actor.userId === user.id;
  if (user.isAdministrator && !self && actor.kind !== 'operator') {
    throw identityError('ADMINISTRATOR_SELF_ONLY');
  }
}
