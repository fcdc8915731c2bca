import { ActorContext, AppError } from '@app/contracts';
import { assertOptionsFitPlan } from '../companies/company-rules';
import { assertMayChangeAdministrator, assertUserSettings } from './user-rules';

const codeOf = (work: () => void): string => {
  try {
    work();
    return 'OK';
  } catch (error) {
    return (error as AppError).reply.code;
  }
};

describe('user settings', () => {
  const withOption = { options: ['BULK_SIGN'] as const };
  const withoutOption = { options: [] as const };

  it.each([
    [withOption, { isAdministrator: false, roles: ['recipient', 'signer'], bulkSign: true }, 'OK'],
    [withoutOption, { isAdministrator: false, roles: ['recipient', 'signer'], bulkSign: true }, 'BULK_SIGN_OPTION_REQUIRED'],
    [withOption, { isAdministrator: false, roles: ['signer'], bulkSign: true }, 'BULK_SIGN_REQUIRES_RECIPIENT_AND_SIGNER'],
    [withOption, { isAdministrator: false, roles: ['recipient'], bulkSign: true }, 'BULK_SIGN_REQUIRES_RECIPIENT_AND_SIGNER'],
    [withoutOption, { isAdministrator: false, roles: ['registrant', 'approver'], bulkSign: false }, 'OK'],
    [withOption, { isAdministrator: true, roles: [], bulkSign: false }, 'OK'],
    [withOption, { isAdministrator: true, roles: ['signer'], bulkSign: false }, 'ADMINISTRATOR_PROTECTED'],
  ] as const)('%j %j → %s', (company, user, expected) => {
    expect(codeOf(() => assertUserSettings(company, user))).toBe(expected);
  });
});

describe('company options by plan', () => {
  it.each([
    ['ONE_SIDE', ['MATTER', 'BULK_SIGN', 'LONG_TERM_EXTENSION'], 'OK'],
    ['BOTH', ['MATTER'], 'OPTION_NOT_ALLOWED_FOR_PLAN'],
    ['PARTNER_ONLY', ['MATTER'], 'OPTION_NOT_ALLOWED_FOR_PLAN'],
    ['PARTNER_ONLY', ['BULK_SIGN', 'LONG_TERM_EXTENSION'], 'OK'],
  ] as const)('%s with %j → %s', (plan, options, expected) => {
    expect(codeOf(() => assertOptionsFitPlan(plan, options))).toBe(expected);
  });
});

describe('who may change the 管理用ID', () => {
  const administrator = { id: 'U000001', isAdministrator: true };
  const base = { companyId: 'C000001', requestId: 'r' };
  it.each([
    ['the administrator itself, logged in', { ...base, kind: 'user', userId: 'U000001', roles: ['administrator'] }, administrator, 'OK'],
    [
      'an API token with users:write',
      { ...base, kind: 'api-token', roles: ['administrator'], scopes: ['users:write'], tokenId: '7d3c1f0e-8a1b-4c2d-9e3f-000000000001' },
      administrator,
      'ADMINISTRATOR_SELF_ONLY',
    ],
    ['another user', { ...base, kind: 'user', userId: 'U000002', roles: ['administrator'] }, administrator, 'ADMINISTRATOR_SELF_ONLY'],
    ['the operator', { requestId: 'r', kind: 'operator', userId: 'P000001', roles: ['operator'] }, administrator, 'OK'],
    [
      'an API token, for an ordinary user',
      { ...base, kind: 'api-token', roles: [], scopes: ['users:write'] },
      { id: 'U000002', isAdministrator: false },
      'OK',
    ],
  ] as const)('%s: %s', (_who, actor, user, expected) => {
    expect(codeOf(() => assertMayChangeAdministrator({ ...actor, roles: [...actor.roles] } as ActorContext, user))).toBe(expected);
  });
});
