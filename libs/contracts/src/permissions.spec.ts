import { ActorContext } from './actor.schema';
import { AppError } from './errors';
import { permissionsOf, requireCompanyMember, requireCompanyPermission } from './permissions';

const actor = (overrides: Partial<ActorContext>): ActorContext => ({ kind: 'user', roles: [], requestId: 'r', ...overrides });

describe('permissions derived from the actor', () => {
  it.each([
    [
      'an administrator with a company',
      actor({ companyId: 'C000001', roles: ['administrator'] }),
      [
        'api-tokens:manage',
        'billing:read',
        'certificates:manage',
        'invitations:write',
        'mail-deliveries:read',
        'notices:manage',
        'users:read',
        'users:write',
        'webhooks:manage',
      ],
    ],
    ['an administrator without a company', actor({ roles: ['administrator'] }), []],
    ['a signer', actor({ companyId: 'C000001', roles: ['signer', 'recipient'] }), []],
    [
      'the operator',
      actor({ kind: 'operator', roles: ['operator'] }),
      ['billing:read', 'companies:read', 'companies:write', 'notices:manage'],
    ],
    ['an API token', actor({ kind: 'api-token', companyId: 'C000001', scopes: ['users:read'], roles: ['administrator'] }), ['users:read']],
    ['a system actor', actor({ kind: 'system', roles: ['administrator'] }), []],
    ['nobody', actor({ kind: 'anonymous', roles: ['operator'] }), []],
  ])('%s', (_name, subject, expected) => {
    expect([...permissionsOf(subject)].sort()).toEqual(expected);
  });

  it('answers 401 to nobody and 403 to someone without the permission, else the company to act in', () => {
    const code = (work: () => unknown) => {
      try {
        return work();
      } catch (error) {
        return (error as AppError).reply.code;
      }
    };
    expect(code(() => requireCompanyPermission(actor({ kind: 'anonymous' }), 'users:read'))).toBe('UNAUTHENTICATED');
    expect(code(() => requireCompanyPermission(actor({ companyId: 'C000001', roles: ['signer'] }), 'users:read'))).toBe('FORBIDDEN');
    expect(code(() => requireCompanyPermission(actor({ kind: 'operator', roles: ['operator'] }), 'companies:read'))).toBe('FORBIDDEN');
    expect(code(() => requireCompanyPermission(actor({ companyId: 'C000002', roles: ['administrator'] }), 'users:read'))).toBe('C000002');
  });

  it('lets only a person of a company act as a company member', () => {
    const code = (work: () => unknown) => {
      try {
        return work();
      } catch (error) {
        return (error as AppError).reply.code;
      }
    };
    expect(code(() => requireCompanyMember(actor({ userId: 'U000001', companyId: 'C000001' })))).toEqual({
      userId: 'U000001',
      companyId: 'C000001',
    });
    expect(code(() => requireCompanyMember(actor({ kind: 'anonymous' })))).toBe('UNAUTHENTICATED');
    expect(code(() => requireCompanyMember(actor({ kind: 'api-token', companyId: 'C000001', scopes: ['users:read'] })))).toBe('FORBIDDEN');
    expect(code(() => requireCompanyMember(actor({ kind: 'operator', userId: 'P000001' })))).toBe('FORBIDDEN');
    expect(code(() => requireCompanyMember(actor({ userId: 'U000001' })))).toBe('FORBIDDEN');
  });
});
