import { Plan } from '@app/contracts';
import { ledgerError } from '../ledger/ledger.errors';

export type ChargedSide = 'sender' | 'receiver';

export type PlanCharge = { allowed: true; charged: readonly ChargedSide[] } | { allowed: false; reason: { ja: string; en: string } };

/**
 * 料金負担 (DOMAIN.md "Plans and who pays"), indexed [ours][theirs]. The
 * table is symmetric: who pays depends on the pair of plans, not on who sends.
 */
const MATRIX: Record<Plan, Record<Plan, 'both' | 'ours' | 'theirs' | 'refused'>> = {
  ONE_SIDE: { ONE_SIDE: 'both', PARTNER_ONLY: 'ours', BOTH: 'ours' },
  PARTNER_ONLY: { ONE_SIDE: 'theirs', PARTNER_ONLY: 'refused', BOTH: 'refused' },
  BOTH: { ONE_SIDE: 'theirs', PARTNER_ONLY: 'refused', BOTH: 'both' },
};

/** Which of the two companies a concluded contract between them is charged to, or why they may not contract at all. */
export function chargeFor(senderPlan: Plan, receiverPlan: Plan): PlanCharge {
  switch (MATRIX[senderPlan][receiverPlan]) {
    case 'both':
      return { allowed: true, charged: ['sender', 'receiver'] };
    case 'ours':
      return { allowed: true, charged: ['sender'] };
    case 'theirs':
      return { allowed: true, charged: ['receiver'] };
    case 'refused':
      return { allowed: false, reason: ledgerError('PLAN_PAIR_NOT_ALLOWED').reply.message };
  }
}

/** For registration: refuses (400 PLAN_PAIR_NOT_ALLOWED) before anything is stored or sent. */
export function assertPlanPairAllowed(senderPlan: Plan, receiverPlan: Plan): readonly ChargedSide[] {
  const charge = chargeFor(senderPlan, receiverPlan);
  if (!charge.allowed) {
    throw ledgerError('PLAN_PAIR_NOT_ALLOWED', [
      {
        path: 'plans',
        message: `sender ${senderPlan}, receiver ${receiverPlan}`,
        messageJa: `発信者 ${senderPlan}、受信者 ${receiverPlan}`,
      },
    ]);
  }
  return charge.charged;
}

/**
 * 長期保管延長 (DOMAIN.md: all plans): a renewal is charged per document and per extension to each party holding the
 * option, whatever the plan pair; a document neither holds it for is not renewed (empty).
 */
export function renewalChargedTo(parties: readonly { companyId: string; holdsOption: boolean }[]): string[] {
  return [...new Set(parties.filter((party) => party.holdsOption).map((party) => party.companyId))];
}
