import { ActorContext, ContractEventType, ContractStatus, Events } from '@app/contracts';
import { AuditAppend, auditActorOf } from '../audit/audit-trail';
import { allowedActor, ContractCommand, routeSteps, Side, statusAt } from './contract-transitions';
import type { ContractRow } from './contracts.repository';

/** What the transition table asks of a contract: its status and whose turn each kind of actor is. */
export type TurnOf = Pick<ContractRow, 'status' | 'registrantUserId' | 'recipientUserId' | 'currentActorUserId' | 'currentSide'>;

/** Why the table refuses a command (each a ContractErrors code). */
export type Refusal = 'COMMAND_NOT_ALLOWED' | 'NOT_YOUR_TURN';

/** One transition as the table allowed it: the command, where it left from and went to, what it announces. */
export interface Transition {
  command: ContractCommand;
  from: ContractStatus;
  to: ContractStatus;
}

/**
 * The table's answer to `userId` giving `command` now: undefined when it is
 * allowed, otherwise why not. Every transition of a contract — one at a time
 * or a bulk signature's receipt and signature — is checked here.
 */
export function refusalOf(contract: TurnOf, command: ContractCommand, userId: string | undefined): Refusal | undefined {
  const status = contract.status as ContractStatus;
  const expected = allowedActor(status, command);
  if (!expected) {
    return 'COMMAND_NOT_ALLOWED';
  }
  const returnOwner = contract.currentSide === 'RECEIVER' ? contract.recipientUserId : contract.registrantUserId;
  const turn = {
    REGISTRANT: contract.registrantUserId,
    CURRENT_STEP: contract.currentActorUserId,
    RECIPIENT: contract.recipientUserId,
    RETURN_OWNER: returnOwner,
  }[expected];
  // Declining after 差戻し is the receiver's choice only.
  const declineOnSenderSide = command === 'decline' && status === 'RETURNED' && contract.currentSide !== 'RECEIVER';
  return turn !== userId || declineOnSenderSide ? 'NOT_YOUR_TURN' : undefined;
}

/** Where a signature leaves a contract: the sender's sends it to the receiver, the receiver's concludes it. */
export function statusAfterSignature(side: Side): ContractStatus {
  return side === 'SENDER' ? 'AWAITING_RECEIPT' : 'CONCLUDED';
}

/**
 * 受取確認 by the recipient with the route "signer = the recipient", then the
 * recipient's signature → 締結済 (a bulk signature): both transitions as the
 * table allows them, or the first refusal. The same checks as the two
 * commands given one after the other.
 */
export function receiveAndConclude(contract: TurnOf, userId: string): { transitions: [Transition, Transition] } | { refusal: Refusal } {
  const receiving = refusalOf(contract, 'receive', userId);
  if (receiving) {
    return { refusal: receiving };
  }
  const [signer] = routeSteps('RECEIVER', { approvers: [], signer: userId });
  const received: TurnOf = { ...contract, status: statusAt(signer), currentActorUserId: signer.userId, currentSide: signer.side };
  const signing = refusalOf(received, 'sign', userId);
  if (signing) {
    return { refusal: signing };
  }
  return {
    transitions: [
      { command: 'receive', from: contract.status as ContractStatus, to: received.status as ContractStatus },
      { command: 'sign', from: received.status as ContractStatus, to: statusAfterSignature(signer.side) },
    ],
  };
}

/** What a command announces, given where it left the contract. */
export function eventTypesOf(command: ContractCommand | 'register', status: ContractStatus): ContractEventType[] {
  switch (command) {
    case 'register':
      return [Events.contractRegistered];
    case 'approve':
      return [Events.contractApproved];
    case 'return':
      return [Events.contractReturned];
    case 'decline':
      return [Events.contractDeclined];
    case 'withdraw':
      return [Events.contractWithdrawn];
    case 'receive':
      return status === 'CONCLUDED' ? [Events.contractReceived, Events.contractConcluded] : [Events.contractReceived];
    case 'sign':
      return [Events.contractSigned, status === 'CONCLUDED' ? Events.contractConcluded : Events.contractSent];
    case 'submit':
    case 'reroute':
      return [];
  }
}

/** The contract as its audit entry records it, after the transition. */
export type AuditedContract = Pick<ContractRow, 'id' | 'documentNumber' | 'senderCompanyId' | 'receiverCompanyId' | 'sentAt'>;

/**
 * The audit entry of a transition: the command as its action, from and to in
 * its details, the PDF as it was once the transition applied.
 */
export function auditOf(
  transition: Transition,
  contract: AuditedContract,
  actor: ActorContext,
  documentSha256: string,
  details: Record<string, unknown> = {},
): AuditAppend {
  return {
    contractId: contract.id,
    documentNumber: contract.documentNumber,
    action: transition.command.toUpperCase(),
    actor: auditActorOf(actor),
    senderCompanyId: contract.senderCompanyId,
    receiverCompanyId: contract.receiverCompanyId,
    sentToReceiver: Boolean(contract.sentAt),
    clientIp: actor.clientIp ?? null,
    documentSha256,
    details: { from: transition.from, to: transition.to, ...details },
  };
}
