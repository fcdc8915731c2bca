import { Injectable } from '@nestjs/common';
import { ActorContext, ContractEventType, ContractStatus, Events } from '@app/contracts';
import { Executor } from '@app/db';
import { currentActor, enqueueEvents } from '@app/messaging';
import { outbox } from '../database/contract-workflow.schema';
import { Webhooks } from '../webhooks/webhooks';
import { ContractCommand } from './contract-transitions';
import { ContractRow } from './contracts.repository';

/** What a contract.* event and its webhook deliveries are made of. */
export type EventContract = Pick<
  ContractRow,
  'id' | 'documentNumber' | 'status' | 'senderCompanyId' | 'receiverCompanyId' | 'updatedAt' | 'sentAt' | 'version'
>;

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

/**
 * contract.* events, in the transaction of the change: on the RabbitMQ events
 * exchange (through the outbox) for internal consumers, and as webhook
 * deliveries for the companies that may know — the receiver only once sent.
 */
@Injectable()
export class ContractEvents {
  constructor(private readonly webhooks: Webhooks) {}

  async publish(tx: Executor, row: ContractRow, command: ContractCommand | 'register'): Promise<void> {
    await this.publishTypesAll(tx, [{ row, types: eventTypesOf(command, row.status as ContractStatus) }]);
  }

  /**
   * These events of the changes that left each contract as its `row` (a bulk
   * signature is received, signed and concluded at once), for several
   * contracts in two statements at most, each on behalf of its own actor.
   */
  async publishTypesAll(
    tx: Executor,
    changes: readonly { row: EventContract; types: ContractEventType[]; actor?: ActorContext }[],
  ): Promise<void> {
    const announced = changes.map(({ row, types, actor = currentActor() }) => ({
      row,
      types,
      actor,
      data: {
        contractId: row.id,
        documentNumber: row.documentNumber,
        status: row.status,
        senderCompanyId: row.senderCompanyId,
        receiverCompanyId: row.receiverCompanyId,
        occurredAt: row.updatedAt.toISOString(),
        ...(actor.userId ? { actorUserId: actor.userId } : {}),
      },
    }));
    await enqueueEvents(
      tx,
      outbox,
      announced.flatMap(({ types, data, actor }) => types.map((type) => ({ event: type, payload: data, actor }))),
    );
    await this.webhooks.enqueueAll(
      tx,
      announced.flatMap(({ row, types, data }) =>
        types.map((type) => ({
          type,
          data,
          companyIds: row.sentAt ? [row.senderCompanyId, row.receiverCompanyId] : [row.senderCompanyId],
          eventId: `${row.id}:${row.version}:${type}`,
        })),
      ),
    );
  }
}
