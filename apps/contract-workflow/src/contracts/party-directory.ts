import { Injectable } from '@nestjs/common';
import { AppError, Patterns, systemActor, UserContact } from '@app/contracts';
import { currentActor, ServiceClient } from '@app/messaging';

/** Users and their companies as identity knows them (contract-workflow keeps no copy but the names on the contract). */
@Injectable()
export class PartyDirectory {
  constructor(private readonly services: ServiceClient) {}

  /** The user, or undefined if there is no such user ID. */
  async find(userId: string): Promise<UserContact | undefined> {
    try {
      return await this.services.send(Patterns.identity.userContact, { userId }, { actor: systemActor(currentActor().requestId) });
    } catch (error) {
      if (error instanceof AppError && error.reply.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async many(userIds: readonly string[]): Promise<Map<string, UserContact | undefined>> {
    const unique = [...new Set(userIds)];
    const found = await Promise.all(unique.map((userId) => this.find(userId)));
    return new Map(unique.map((userId, index) => [userId, found[index]]));
  }
}
