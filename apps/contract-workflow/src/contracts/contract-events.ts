import { Injectable } from '@nestjs/common';
import { ActorContext, ContractEventType, ContractStatus } from '@app/contracts';
import { Executor } from '@app/db';
import { currentActor, enqueueEvents } from '@app/messaging';
import { outbox } from '../database/contract-workflow.schema';
import { Webhooks } from '../webhooks/webhooks';
import { eventTypesOf, Transition } from './contract-step';
import { ContractCommand } from './contract-transitions';
import { ContractRow } from './contracts.repository';

/** What a contract.* event and its webhook deliveries are made of. */
export type EventContract = Pick<
  ContractRow,
  'id' | 'documentNumber' | 'status' | 'senderCompanyId' | 'receiverCompanyId' | 'updatedAt' | 'sentAt' | 'version'
>;

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

  /** The events of these transitions, each change on behalf of its own actor (the current one by default). */
  async publishTransitions(
    tx: Executor,
    changes: readonly { row: EventContract; transitions: readonly Transition[]; actor?: ActorContext }[],
  ): Promise<void> {
    await this.publishTypesAll(
      tx,
      changes.map(({ row, transitions, actor }) => ({
        row,
        types: transitions.flatMap((transition) => eventTypesOf(transition.command, transition.to)),
        ...(actor ? { actor } : {}),
      })),
    );
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
