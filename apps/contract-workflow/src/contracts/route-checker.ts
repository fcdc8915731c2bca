import { Injectable } from '@nestjs/common';
import { UserContact } from '@app/contracts';
import { contractError } from './contract.errors';
import { PartyDirectory } from './party-directory';

/** A side's route must name active users of that side's company, approvers with the approver role and a signer with the signer role. */
@Injectable()
export class RouteChecker {
  constructor(private readonly directory: PartyDirectory) {}

  async check(companyId: string, route: { approvers: readonly string[]; signer: string }): Promise<Map<string, UserContact>> {
    const people = await this.directory.many([...route.approvers, route.signer]);
    const fits = (userId: string, role: 'approver' | 'signer') => {
      const person = people.get(userId);
      return person !== undefined && person.companyId === companyId && person.status === 'ACTIVE' && person.roles.includes(role);
    };
    const wrong = [
      ...route.approvers
        .filter((userId) => !fits(userId, 'approver'))
        .map((userId, index) => ({ path: `route.approvers.${index}`, userId })),
      ...(fits(route.signer, 'signer') ? [] : [{ path: 'route.signer', userId: route.signer }]),
    ];
    if (wrong.length > 0) {
      throw contractError(
        'ROUTE_USER_INVALID',
        wrong.map(({ path, userId }) => ({
          path,
          message: `${userId} cannot take this step`,
          messageJa: `${userId} はこの担当に指定できません`,
        })),
      );
    }
    return new Map([...people].filter((entry): entry is [string, UserContact] => entry[1] !== undefined));
  }
}
