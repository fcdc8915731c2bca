import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ActorContext, BulkDocumentFailed, BulkDocumentSigned, Events, Plan } from '@app/contracts';
import { DatabaseHandle, Transaction } from '@app/db';
import { currentActor, currentContext, DATABASE, handleOnce, LOGGER, runInContext } from '@app/messaging';
import { AuditTrail, auditActorOf } from '../audit/audit-trail';
import { BillingLedger } from '../billing/billing-ledger';
import { ContractEvents } from '../contracts/contract-events';
import { ContractMails } from '../contracts/contract-mails';
import { ContractRow, ContractsRepository } from '../contracts/contracts.repository';
import { inbox } from '../database/contract-workflow.schema';
import { BulkSignCompletion } from './bulk-sign-completion';
import { BulkSessionRow, BulkSignRepository } from './bulk-sign.repository';

const CONTRACT_CHANGED = {
  code: 'CONTRACT_CHANGED',
  ja: '署名中に契約文書が変更されたため、締結できませんでした。',
  en: 'The document changed while it was being signed, so it was not concluded.',
};

/**
 * The receiving end of the signing workers: a signed document is received,
 * routed to the bulk user and concluded in one transaction — both audit
 * entries, the billing rows, the mails and the contract.* events with it —
 * exactly once, however often the event arrives.
 */
@Injectable()
export class BulkSignConclusions {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repository: BulkSignRepository,
    private readonly contracts: ContractsRepository,
    private readonly completion: BulkSignCompletion,
    private readonly audit: AuditTrail,
    private readonly billing: BillingLedger,
    private readonly mails: ContractMails,
    private readonly events: ContractEvents,
  ) {}

  async signed(event: BulkDocumentSigned): Promise<void> {
    const user = await this.completion.contactOf(event.userId);
    const outcome = await handleOnce(this.database.db, inbox, async (tx) => {
      const item = await this.repository.lockItem(tx, event.sessionId, event.contractId);
      if (!item || item.state !== 'PENDING') {
        return 'duplicate' as const; // a re-emitted event of a document already finished
      }
      const session = (await this.repository.findSession(tx, event.sessionId)) as BulkSessionRow;
      const contract = await this.repository.lockContract(tx, event.contractId);
      if (
        !contract ||
        contract.status !== 'AWAITING_RECEIPT' ||
        contract.recipientUserId !== event.userId ||
        contract.receiverCompanyId !== session.companyId ||
        contract.currentSha256 !== event.documentSha256 ||
        session.userId !== event.userId
      ) {
        await this.completion.finish(tx, event.sessionId, event.contractId, { state: 'FAILED', ...CONTRACT_CHANGED }, user);
        return 'changed' as const;
      }
      const registrant = await this.completion.contactOf(contract.registrantUserId);
      await runInContext({ ...currentContext(), actor: this.actorOf(session) }, () =>
        this.conclude(tx, session, contract, event, registrant ? [registrant] : []),
      );
      await this.completion.finish(tx, event.sessionId, event.contractId, { state: 'CONCLUDED' }, user);
      return 'concluded' as const;
    });
    if (outcome.handled) {
      this.logger.info({ sessionId: event.sessionId, contractId: event.contractId, outcome: outcome.result }, 'bulk-sign document');
    }
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

  /** 受取確認, the route "signer = the bulk user", the receiver's signature → 締結済. */
  private async conclude(
    tx: Transaction,
    session: BulkSessionRow,
    contract: ContractRow,
    event: BulkDocumentSigned,
    mailTo: Awaited<ReturnType<BulkSignCompletion['contactOf']>>[],
  ): Promise<void> {
    const concludedAt = new Date();
    const row = await this.contracts.update(tx, contract.id, contract.version, {
      status: 'CONCLUDED',
      currentActorUserId: null,
      currentSide: null,
      currentPosition: null,
      currentSha256: event.signedSha256,
      concludedAt,
    });
    if (!row) {
      throw new Error(`contract ${contract.id} changed under its row lock`);
    }
    await this.contracts.replaceSide(tx, row.id, 'RECEIVER', [{ side: 'RECEIVER', position: 0, role: 'SIGNER', userId: session.userId }]);
    await this.contracts.markStep(tx, row.id, 'RECEIVER', 0, 'sign');
    const entry = {
      contractId: row.id,
      documentNumber: row.documentNumber,
      actor: auditActorOf(currentActor()),
      senderCompanyId: row.senderCompanyId,
      receiverCompanyId: row.receiverCompanyId,
      sentToReceiver: true,
      clientIp: session.clientIp,
    };
    await this.audit.appendAll(tx, [
      {
        ...entry,
        action: 'RECEIVE',
        documentSha256: contract.currentSha256,
        details: { from: 'AWAITING_RECEIPT', to: 'RECEIVER_SIGNATURE', bulkSessionId: session.id },
      },
      {
        ...entry,
        action: 'SIGN',
        documentSha256: event.signedSha256,
        details: { from: 'RECEIVER_SIGNATURE', to: 'CONCLUDED', bulkSessionId: session.id, serialNumber: event.serialNumber },
      },
    ]);
    await this.mails.concluded(
      tx,
      row,
      mailTo.filter((person) => person !== undefined),
      concludedAt,
    );
    await this.billing.recordConclusion(tx, {
      contractId: row.id,
      documentNumber: row.documentNumber,
      concludedAt,
      sender: { companyId: row.senderCompanyId, plan: row.senderPlan as Plan },
      receiver: { companyId: row.receiverCompanyId, plan: row.receiverPlan as Plan },
    });
    await this.events.publishTypes(tx, row, [Events.contractReceived, Events.contractSigned, Events.contractConcluded]);
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
