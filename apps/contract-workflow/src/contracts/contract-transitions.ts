import { ContractStatus } from '@app/contracts';

export type ContractCommand = 'submit' | 'approve' | 'return' | 'reroute' | 'receive' | 'decline' | 'withdraw' | 'sign';
export type Side = 'SENDER' | 'RECEIVER';

/**
 * Who may give a command: the registrant, the current step's user (approver
 * or signer), the receiver's recipient, or — after 差戻し — whoever owns the
 * returned side (the registrant for the sender, the recipient for the receiver).
 */
export type Actor = 'REGISTRANT' | 'CURRENT_STEP' | 'RECIPIENT' | 'RETURN_OWNER';

/** The one table of allowed transitions (DOMAIN.md, Contract lifecycle). Anything not here is refused. */
export const TRANSITIONS: Record<ContractStatus, Partial<Record<ContractCommand, Actor>>> = {
  DRAFT: { submit: 'REGISTRANT', withdraw: 'REGISTRANT' },
  SENDER_APPROVAL: { approve: 'CURRENT_STEP', return: 'CURRENT_STEP', withdraw: 'REGISTRANT' },
  SENDER_SIGNATURE: { sign: 'CURRENT_STEP', return: 'CURRENT_STEP', withdraw: 'REGISTRANT' },
  AWAITING_RECEIPT: { receive: 'RECIPIENT', decline: 'RECIPIENT', withdraw: 'REGISTRANT' },
  RECEIVER_APPROVAL: { approve: 'CURRENT_STEP', return: 'CURRENT_STEP', withdraw: 'REGISTRANT' },
  RECEIVER_SIGNATURE: { sign: 'CURRENT_STEP', return: 'CURRENT_STEP', withdraw: 'REGISTRANT' },
  RETURNED: { reroute: 'RETURN_OWNER', decline: 'RETURN_OWNER', withdraw: 'REGISTRANT' },
  CONCLUDED: {},
  DECLINED: {},
  WITHDRAWN: {},
};

export interface RouteStep {
  side: Side;
  position: number;
  role: 'APPROVER' | 'SIGNER';
  userId: string;
}

/** A side's route as steps: approvers in order, then the signer. */
export function routeSteps(side: Side, route: { approvers: readonly string[]; signer: string }): RouteStep[] {
  return [
    ...route.approvers.map((userId, position) => ({ side, position, role: 'APPROVER' as const, userId })),
    { side, position: route.approvers.length, role: 'SIGNER' as const, userId: route.signer },
  ];
}

/** The status while `step` is current. */
export function statusAt(step: RouteStep): ContractStatus {
  if (step.side === 'SENDER') {
    return step.role === 'APPROVER' ? 'SENDER_APPROVAL' : 'SENDER_SIGNATURE';
  }
  return step.role === 'APPROVER' ? 'RECEIVER_APPROVAL' : 'RECEIVER_SIGNATURE';
}

/** The command a status allows to whom, or undefined when it is not allowed at all. */
export function allowedActor(status: ContractStatus, command: ContractCommand): Actor | undefined {
  return TRANSITIONS[status][command];
}
