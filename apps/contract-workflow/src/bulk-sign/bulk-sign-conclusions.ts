import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ActorContext, BulkDocumentFailed, BulkDocumentsSigned, Plan, UserContact } from '@app/contracts';
import { DatabaseHandle, Transaction } from '@app/db';
import { BatchedEvent, claimMessages, currentActor, DATABASE, EventBatcher, handleOnce, LOGGER } from '@app/messaging';
import { AuditTrail } from '../audit/audit-trail';
import { recordConcludedPdfs } from '../archive/archive-records';
import { BillingLedger } from '../billing/billing-ledger';
import { ContractEvents } from '../contracts/contract-events';
import { auditOf, receiveAndConclude, Transition } from '../contracts/contract-step';
import { ConcludedContract, ContractsRepository } from '../contracts/contracts.repository';
import { inbox } from '../database/contract-workflow.schema';
import { BulkSignCompletion } from './bulk-sign-completion';
import { BulkSessionRow, BulkSignRepository, LockedContract } from './bulk-sign.repository';

const CONTRACT_CHANGED = {
  code: 'CONTRACT_CHANGED',
  ja: '署名中に契約文書が変更されたため、締結できませんでした。',
  en: 'The document changed while it was being signed, so it was not concluded.',
};

/**
 * How many `documents-signed` events are concluded together (each holds the
 * documents a worker finished together, typically a few to a few dozen;
 * bounded by what the broker has delivered: AMQP_EVENT_PREFETCH).
 */
const BATCH_MAX = 16;
const BATCHES_IN_FLIGHT = 2;

/**
 * The receiving end of the signing workers: a signed document is received,
 * routed to the bulk user and concluded in one transaction — both audit
 * entries, the billing rows and the contract.* events with it — exactly
 * once, however often the event arrives (the 締結完了 mails go out when the
 * session ends: BulkSignCompletion). The documents that arrive
 * together are concluded together, in one transaction with a few statements
 * for the whole batch; a batch that fails is concluded one event (one
 * worker's documents) at a time (EventBatcher).
 */
@Injectable()
export class BulkSignConclusions {
  private readonly batcher = new EventBatcher<BulkDocumentsSigned>({
    maxSize: BATCH_MAX,
    maxInFlight: BATCHES_IN_FLIGHT,
    handle: (batch) => this.concludeBatch(batch),
  });

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repository: BulkSignRepository,
    private readonly completion: BulkSignCompletion,
    private readonly contracts: ContractsRepository,
    private readonly audit: AuditTrail,
    private readonly billing: BillingLedger,
    private readonly events: ContractEvents,
  ) {}

  signed(event: BulkDocumentsSigned): Promise<void> {
    return this.batcher.add(event);
  }

  async failed(event: BulkDocumentFailed): Promise<void> {
    const user = await this.completion.contactOf(event.userId);
    await handleOnce(this.database.db, inbox, async (tx) => {
      const item = await this.repository.lockItem(tx, event.sessionId, event.contractId);
      if (item?.state === 'PENDING') {
        await this.completion.finish(
          tx,
          event.sessionId,
          event.contractId,
          { state: 'FAILED', code: event.code, ja: event.ja, en: event.en },
          user,
        );
      }
    });
    this.logger.warn({ sessionId: event.sessionId, contractId: event.contractId, code: event.code }, 'bulk-sign document failed');
  }

  private async concludeBatch(batch: BatchedEvent<BulkDocumentsSigned>[]): Promise<void> {
    const people = await this.contactsOf(batch.map(({ event }) => event.userId));
    const outcome = await this.database.db.transaction(async (tx) => {
      const claimed = await claimMessages(
        tx,
        inbox,
        batch.map(({ context }) => ({ messageId: context.messageId, event: context.pattern })),
      );
      const fresh = batch.filter(({ context }) => claimed.has(context.messageId)).flatMap(({ event }) => documentsOf(event));
      const pending = new Set(
        (await this.repository.lockItems(tx, fresh))
          .filter((item) => item.state === 'PENDING')
          .map((item) => `${item.sessionId}/${item.contractId}`),
      );
      // A re-emitted event of a document already finished changes nothing.
      const signed = fresh.filter((event) => pending.has(`${event.sessionId}/${event.contractId}`));
      const sessions = new Map(
        (await this.repository.findSessions(tx, [...new Set(signed.map((event) => event.sessionId))])).map((row) => [row.id, row]),
      );
      const contracts = new Map(
        (
          await this.repository.lockContracts(
            tx,
            signed.map((event) => event.contractId),
          )
        ).map((row) => [row.id, row]),
      );
      const concluding: Conclusion[] = [];
      const changed: SignedDocument[] = [];
      for (const event of signed) {
        const session = sessions.get(event.sessionId) as BulkSessionRow;
        const contract = contracts.get(event.contractId);
        // The table decides whether the bulk user may receive and sign it now; the rest, that it is what was signed.
        const step = contract && receiveAndConclude(contract, event.userId);
        if (
          !contract ||
          !step ||
          'refusal' in step ||
          contract.receiverCompanyId !== session.companyId ||
          contract.currentSha256 !== event.documentSha256 ||
          session.userId !== event.userId
        ) {
          changed.push(event);
        } else {
          concluding.push({ event, session, contract, transitions: step.transitions });
        }
      }
      await this.conclude(tx, concluding);
      await this.completion.finishAll(
        tx,
        [
          ...concluding.map(({ event }) => ({
            sessionId: event.sessionId,
            contractId: event.contractId,
            outcome: { state: 'CONCLUDED' as const },
          })),
          ...changed.map((event) => ({
            sessionId: event.sessionId,
            contractId: event.contractId,
            outcome: { state: 'FAILED' as const, ...CONTRACT_CHANGED },
          })),
        ],
        [...people.values()],
      );
      const received = batch.reduce((count, { event }) => count + event.documents.length, 0);
      return { concluded: concluding.length, changed: changed.length, duplicates: received - signed.length };
    });
    this.logger.info({ sessionIds: [...new Set(batch.map(({ event }) => event.sessionId))], ...outcome }, 'bulk-sign documents');
  }

  /** 受取確認, the route "signer = the bulk user", the receiver's signature → 締結済, for every document of the batch. */
  private async conclude(tx: Transaction, concluding: Conclusion[]): Promise<void> {
    if (concluding.length === 0) {
      return;
    }
    const concludedAt = new Date();
    const rows = await this.contracts.concludeAll(
      tx,
      concluding.map(({ contract, event }) => ({ id: contract.id, version: contract.version, signedSha256: event.signedSha256 })),
      concludedAt,
    );
    if (rows.length !== concluding.length) {
      throw new Error('a contract changed under its row lock');
    }
    await recordConcludedPdfs(
      tx,
      concluding.flatMap(({ contract, event }) =>
        event.longTerm ? [{ contractId: contract.id, pdfSha256: event.signedSha256, longTerm: event.longTerm }] : [],
      ),
    );
    const rowsById = new Map(rows.map((row) => [row.id, row]));
    const concluded = concluding.map((conclusion) => ({
      ...conclusion,
      row: rowsById.get(conclusion.contract.id) as ConcludedContract,
      actor: this.actorOf(conclusion.session),
    }));
    await this.contracts.replaceReceiverSignedBy(
      tx,
      concluded.map(({ row, session }) => ({ contractId: row.id, userId: session.userId })),
      concludedAt,
    );
    await this.audit.appendAll(
      tx,
      concluded.flatMap(({ row, contract, event, session, actor, transitions: [receive, sign] }) => [
        auditOf(receive, row, actor, contract.currentSha256, { bulkSessionId: session.id }),
        auditOf(sign, row, actor, event.signedSha256, { bulkSessionId: session.id, serialNumber: event.serialNumber }),
      ]),
    );
    await this.billing.recordConclusions(
      tx,
      concluded.map(({ row }) => ({
        contractId: row.id,
        documentNumber: row.documentNumber,
        concludedAt,
        sender: { companyId: row.senderCompanyId, plan: row.senderPlan as Plan },
        receiver: { companyId: row.receiverCompanyId, plan: row.receiverPlan as Plan },
      })),
    );
    await this.events.publishTransitions(
      tx,
      concluded.map(({ row, actor, transitions }) => ({ row, actor, transitions })),
    );
  }

  /** identity's view of these people (cached by BulkSignCompletion); the unknown are left out. */
  private async contactsOf(userIds: string[]): Promise<Map<string, UserContact>> {
    const found = new Map<string, UserContact>();
    for (const userId of new Set(userIds)) {
      const contact = await this.completion.contactOf(userId);
      if (contact) {
        found.set(userId, contact);
      }
    }
    return found;
  }

  /** The bulk user acted, from the address it started the session from. */
  private actorOf(session: BulkSessionRow): ActorContext {
    return {
      kind: 'user',
      userId: session.userId,
      companyId: session.companyId,
      roles: ['recipient', 'signer'],
      requestId: currentActor().requestId,
      ...(session.clientIp ? { clientIp: session.clientIp } : {}),
    };
  }
}

/** One document of a `documents-signed` event, with its session's fields. */
type SignedDocument = Omit<BulkDocumentsSigned, 'documents'> & BulkDocumentsSigned['documents'][number];

function documentsOf({ documents, ...session }: BulkDocumentsSigned): SignedDocument[] {
  return documents.map((document) => ({ ...session, ...document }));
}

interface Conclusion {
  event: SignedDocument;
  session: BulkSessionRow;
  contract: LockedContract;
  /** 受取確認 and the signature → 締結済, as the transition table allowed them. */
  transitions: [Transition, Transition];
}
