import { Events } from '@app/contracts';
import { auditOf, eventTypesOf, receiveAndConclude, refusalOf, TurnOf } from './contract-step';
import { TRANSITIONS } from './contract-transitions';

const RECIPIENT = 'U000010';
const awaitingReceipt: TurnOf = {
  status: 'AWAITING_RECEIPT',
  registrantUserId: 'U000001',
  recipientUserId: RECIPIENT,
  currentActorUserId: RECIPIENT,
  currentSide: null,
};
/** The same contract once received with the recipient as its signer: the single path's receiver signature is due. */
const receiverSignature: TurnOf = {
  ...awaitingReceipt,
  status: 'RECEIVER_SIGNATURE',
  currentActorUserId: RECIPIENT,
  currentSide: 'RECEIVER',
};

/** Runs `check` with one command taken out of the table for one status, then puts it back. */
function withoutCommand<T>(status: keyof typeof TRANSITIONS, command: 'receive' | 'sign', check: () => T): T {
  const allowed = TRANSITIONS[status];
  const kept = allowed[command];
  delete allowed[command];
  try {
    return check();
  } finally {
    allowed[command] = kept;
  }
}

describe('contract step (the one path to 締結済)', () => {
  it('receives and concludes a contract the recipient may receive: two transitions, their events and audit entries', () => {
    const step = receiveAndConclude(awaitingReceipt, RECIPIENT);
    if (!('transitions' in step)) {
      throw new Error(`refused: ${step.refusal}`);
    }
    expect(step.transitions).toEqual([
      { command: 'receive', from: 'AWAITING_RECEIPT', to: 'RECEIVER_SIGNATURE' },
      { command: 'sign', from: 'RECEIVER_SIGNATURE', to: 'CONCLUDED' },
    ]);
    expect(step.transitions.flatMap((transition) => eventTypesOf(transition.command, transition.to))).toEqual([
      Events.contractReceived,
      Events.contractSigned,
      Events.contractConcluded,
    ]);
    const contract = { id: 'c1', documentNumber: 'D1', senderCompanyId: 'A', receiverCompanyId: 'B', sentAt: new Date() };
    const actor = { kind: 'user' as const, userId: RECIPIENT, companyId: 'B', roles: [], requestId: 'r', clientIp: '127.0.0.1' };
    expect(step.transitions.map((transition) => auditOf(transition, contract, actor, 'sha', { bulkSessionId: 's' }))).toEqual([
      expect.objectContaining({
        action: 'RECEIVE',
        clientIp: '127.0.0.1',
        sentToReceiver: true,
        details: { from: 'AWAITING_RECEIPT', to: 'RECEIVER_SIGNATURE', bulkSessionId: 's' },
      }),
      expect.objectContaining({ action: 'SIGN', details: { from: 'RECEIVER_SIGNATURE', to: 'CONCLUDED', bulkSessionId: 's' } }),
    ]);
  });

  it('refuses whom the table refuses: another user, or a status that allows no receipt', () => {
    expect(receiveAndConclude(awaitingReceipt, 'U000099')).toEqual({ refusal: 'NOT_YOUR_TURN' });
    expect(receiveAndConclude({ ...awaitingReceipt, status: 'RECEIVER_APPROVAL' }, RECIPIENT)).toEqual({ refusal: 'COMMAND_NOT_ALLOWED' });
    expect(receiveAndConclude({ ...awaitingReceipt, status: 'CONCLUDED' }, RECIPIENT)).toEqual({ refusal: 'COMMAND_NOT_ALLOWED' });
  });

  // The single path checks each command with refusalOf, the bulk path both at once with receiveAndConclude.
  it('sees a change to the transition table in both paths', () => {
    expect(refusalOf(awaitingReceipt, 'receive', RECIPIENT)).toBeUndefined();
    expect(refusalOf(receiverSignature, 'sign', RECIPIENT)).toBeUndefined();

    withoutCommand('RECEIVER_SIGNATURE', 'sign', () => {
      expect(refusalOf(receiverSignature, 'sign', RECIPIENT)).toBe('COMMAND_NOT_ALLOWED');
      expect(receiveAndConclude(awaitingReceipt, RECIPIENT)).toEqual({ refusal: 'COMMAND_NOT_ALLOWED' });
    });
    withoutCommand('AWAITING_RECEIPT', 'receive', () => {
      expect(refusalOf(awaitingReceipt, 'receive', RECIPIENT)).toBe('COMMAND_NOT_ALLOWED');
      expect(receiveAndConclude(awaitingReceipt, RECIPIENT)).toEqual({ refusal: 'COMMAND_NOT_ALLOWED' });
    });
    // Put back: both allow it again.
    expect(receiveAndConclude(awaitingReceipt, RECIPIENT)).toHaveProperty('transitions');
    expect(refusalOf(receiverSignature, 'sign', RECIPIENT)).toBeUndefined();
  });
});
