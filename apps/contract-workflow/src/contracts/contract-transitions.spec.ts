import { CONTRACT_STATUSES, ContractStatus } from '@app/contracts';
import { allowedActor, ContractCommand, routeSteps, statusAt, TRANSITIONS } from './contract-transitions';

const COMMANDS: ContractCommand[] = ['submit', 'approve', 'return', 'reroute', 'receive', 'decline', 'withdraw', 'sign'];

describe('contract transitions', () => {
  it('covers every status of DOMAIN.md, and nothing leaves a final status', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(CONTRACT_STATUSES).sort());
    for (const status of ['CONCLUDED', 'DECLINED', 'WITHDRAWN'] as ContractStatus[]) {
      expect(COMMANDS.filter((command) => allowedActor(status, command))).toEqual([]);
    }
  });

  // The whole matrix, so a change to the table is a change to this test.
  it.each([
    ['DRAFT', 'submit:REGISTRANT withdraw:REGISTRANT'],
    ['SENDER_APPROVAL', 'approve:CURRENT_STEP return:CURRENT_STEP withdraw:REGISTRANT'],
    ['SENDER_SIGNATURE', 'return:CURRENT_STEP withdraw:REGISTRANT sign:CURRENT_STEP'],
    ['AWAITING_RECEIPT', 'receive:RECIPIENT decline:RECIPIENT withdraw:REGISTRANT'],
    ['RECEIVER_APPROVAL', 'approve:CURRENT_STEP return:CURRENT_STEP withdraw:REGISTRANT'],
    ['RECEIVER_SIGNATURE', 'return:CURRENT_STEP withdraw:REGISTRANT sign:CURRENT_STEP'],
    ['RETURNED', 'reroute:RETURN_OWNER decline:RETURN_OWNER withdraw:REGISTRANT'],
  ] as [ContractStatus, string][])('%s allows exactly %s', (status, expected) => {
    const allowed = COMMANDS.filter((command) => allowedActor(status, command)).map(
      (command) => `${command}:${allowedActor(status, command)}`,
    );
    expect(allowed.join(' ')).toBe(expected);
  });

  it('orders a route as approvers then the signer, with the status of each step', () => {
    const steps = routeSteps('RECEIVER', { approvers: ['U000002', 'U000003'], signer: 'U000004' });
    expect(steps.map((step) => `${step.position}:${step.role}:${step.userId}:${statusAt(step)}`)).toEqual([
      '0:APPROVER:U000002:RECEIVER_APPROVAL',
      '1:APPROVER:U000003:RECEIVER_APPROVAL',
      '2:SIGNER:U000004:RECEIVER_SIGNATURE',
    ]);
    expect(statusAt(routeSteps('SENDER', { approvers: [], signer: 'U000001' })[0])).toBe('SENDER_SIGNATURE');
  });
});
