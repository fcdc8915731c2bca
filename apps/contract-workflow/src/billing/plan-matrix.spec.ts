import { AppError, Plan } from '@app/contracts';
import { assertPlanPairAllowed, chargeFor, renewalChargedTo } from './plan-matrix';

describe('plan matrix (料金負担)', () => {
  // DOMAIN.md, row = sender's plan, column = receiver's plan.
  it.each<[Plan, Plan, string]>([
    ['ONE_SIDE', 'ONE_SIDE', 'sender+receiver'],
    ['ONE_SIDE', 'PARTNER_ONLY', 'sender'],
    ['ONE_SIDE', 'BOTH', 'sender'],
    ['PARTNER_ONLY', 'ONE_SIDE', 'receiver'],
    ['PARTNER_ONLY', 'PARTNER_ONLY', 'not allowed'],
    ['PARTNER_ONLY', 'BOTH', 'not allowed'],
    ['BOTH', 'ONE_SIDE', 'receiver'],
    ['BOTH', 'PARTNER_ONLY', 'not allowed'],
    ['BOTH', 'BOTH', 'sender+receiver'],
  ])('%s sends to %s: %s', (sender, receiver, expected) => {
    const charge = chargeFor(sender, receiver);
    expect(charge.allowed ? charge.charged.join('+') : 'not allowed').toBe(expected);
  });

  it('charges the ONE_SIDE company whichever side it is on, and both when both pay', () => {
    expect(chargeFor('PARTNER_ONLY', 'ONE_SIDE')).toEqual({ allowed: true, charged: ['receiver'] });
    expect(chargeFor('ONE_SIDE', 'PARTNER_ONLY')).toEqual({ allowed: true, charged: ['sender'] });
  });

  it('explains a refused pair in Japanese and English, naming the plans', () => {
    const refused = chargeFor('PARTNER_ONLY', 'BOTH');
    expect(refused).toEqual({
      allowed: false,
      reason: {
        ja: expect.stringContaining('どちらかの企業がプランを変更する必要があります'),
        en: expect.stringContaining('must change its plan'),
      },
    });
    let thrown: unknown;
    try {
      assertPlanPairAllowed('BOTH', 'PARTNER_ONLY');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).reply).toMatchObject({
      code: 'PLAN_PAIR_NOT_ALLOWED',
      status: 400,
      details: [{ path: 'plans', message: 'sender BOTH, receiver PARTNER_ONLY' }],
    });
    expect(assertPlanPairAllowed('BOTH', 'BOTH')).toEqual(['sender', 'receiver']);
  });

  it('charges a renewal (長期保管延長) to each party holding the option, once, whatever the plans', () => {
    expect(
      renewalChargedTo([
        { companyId: 'C000001', holdsOption: true },
        { companyId: 'C000002', holdsOption: false },
      ]),
    ).toEqual(['C000001']);
    expect(
      renewalChargedTo([
        { companyId: 'C000001', holdsOption: true },
        { companyId: 'C000002', holdsOption: true },
      ]),
    ).toEqual(['C000001', 'C000002']);
    expect(
      renewalChargedTo([
        { companyId: 'C000001', holdsOption: false },
        { companyId: 'C000002', holdsOption: false },
      ]),
    ).toEqual([]);
    // A contract within one company (never registered, but the rule holds): one charge.
    expect(
      renewalChargedTo([
        { companyId: 'C000001', holdsOption: true },
        { companyId: 'C000001', holdsOption: true },
      ]),
    ).toEqual(['C000001']);
  });
});
