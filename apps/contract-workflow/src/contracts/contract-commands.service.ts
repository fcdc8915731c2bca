import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { BLOB_STORE, BlobStore, documentWorkAllowanceMs } from '@app/blob-store';
import { AppConfig } from '@app/config';
import {
  ActorContext,
  AppError,
  ContractStatus,
  ContractView,
  Patterns,
  Plan,
  requireCompanyMember,
  systemActor,
  UserContact,
  LongTermState,
} from '@app/contracts';
import { DatabaseHandle, inTransaction, Transaction } from '@app/db';
import { CONFIG, currentActor, DATABASE, LOGGER, ServiceClient } from '@app/messaging';
import { AuditTrail } from '../audit/audit-trail';
import { recordConcludedPdfs } from '../archive/archive-records';
import { BillingLedger } from '../billing/billing-ledger';
import { MattersService } from '../matters/matters.service';
import { bulkSignError } from '../bulk-sign/bulk-sign.errors';
import { inActiveBulkSession } from '../bulk-sign/bulk-sign.repository';
import { auditOf, refusalOf, statusAfterSignature } from './contract-step';
import { ContractCommand, RouteStep, routeSteps, Side, statusAt } from './contract-transitions';
import { contractError } from './contract.errors';
import { ContractEvents } from './contract-events';
import { ContractMails } from './contract-mails';
import { signingRequestId, toContractView } from './contract-view';
import { ContractRow, ContractsRepository } from './contracts.repository';
import { PartyDirectory } from './party-directory';
import { RouteChecker } from './route-checker';

interface Outcome {
  status: ContractStatus;
  currentActorUserId: string | null;
  currentSide: Side | null;
  currentPosition: number | null;
  /** The route step the actor completed, marked with the command. */
  acted?: { side: Side; position: number };
  newRoute?: { side: Side; steps: RouteStep[] };
  currentSha256?: string;
  /** The receiver's own 案件, linked at receipt. */
  receiverMatterId?: string;
  /** The last signature's PDF is PAdES B-LTA: its archive record is written with the transition. */
  longTerm?: LongTermState;
}

type Route = { approvers: string[]; signer: string };

/**
 * Every transition of a contract: checked against the transition table, the
 * actor's company and whose turn it is; applied with its route change, audit
 * entry, mails and (on conclusion) billing rows in one transaction, guarded by
 * the contract's version so two concurrent actions cannot both apply.
 */
@Injectable()
export class ContractCommandsService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly contracts: ContractsRepository,
    private readonly directory: PartyDirectory,
    private readonly routes: RouteChecker,
    private readonly mails: ContractMails,
    private readonly audit: AuditTrail,
    private readonly billing: BillingLedger,
    private readonly services: ServiceClient,
    private readonly events: ContractEvents,
    private readonly matters: MattersService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  run(
    contractId: string,
    command: Exclude<ContractCommand, 'sign'>,
    options: { comment?: string; route?: Route; matterId?: string } = {},
  ): Promise<ContractView> {
    return this.apply(contractId, command, options.comment, async (contract, steps) => {
      const outcome = await this.outcomeOf(command, contract, steps, options.route);
      return options.matterId ? { ...outcome, receiverMatterId: await this.ownMatter(options.matterId) } : outcome;
    });
  }

  /** 署名: signing signs the current PDF (idempotent per request and document), then the contract moves on. */
  sign(contractId: string, serialNumber: string, signingPassword: string): Promise<ContractView> {
    return this.apply(contractId, 'sign', undefined, async (contract, steps) => {
      const side = contract.currentSide as Side;
      // A 50 MiB document takes longer to read, sign and store than a 50 KiB one: its deadline grows with it.
      const size = (await this.blobs.sizesOf([contract.currentSha256])).get(contract.currentSha256) ?? 0;
      const signed = await this.services.send(
        Patterns.signing.signDocument,
        {
          requestId: signingRequestId(contract.id, side),
          documentSha256: contract.currentSha256,
          serialNumber,
          signingPassword,
          // No signature follows the receiver's, nor the sender's when only the sender signs: the PDF becomes B-LTA.
          final: side === 'RECEIVER' || contract.signatureMode === 'SENDER_ONLY',
        },
        { timeoutMs: this.config.RPC_TIMEOUT_MS + documentWorkAllowanceMs(size) },
      );
      const outcome = await this.outcomeOf('sign', contract, steps);
      return { ...outcome, currentSha256: signed.signedSha256, ...(signed.longTerm ? { longTerm: signed.longTerm } : {}) };
    });
  }

  /** The signer whose turn it is asks for a new signing password (mail lost, expired, voided): the old one is void. */
  async reissueSigningPassword(contractId: string): Promise<ContractView> {
    const { userId, companyId } = requireCompanyMember(currentActor());
    const contract = await this.contracts.findForCompany(companyId, contractId);
    if (!contract) {
      throw AppError.of('NOT_FOUND');
    }
    if (contract.status !== 'SENDER_SIGNATURE' && contract.status !== 'RECEIVER_SIGNATURE') {
      throw contractError('COMMAND_NOT_ALLOWED');
    }
    if (contract.currentActorUserId !== userId) {
      throw contractError('NOT_YOUR_TURN');
    }
    await this.services.send(
      Patterns.signing.issueSigningPassword,
      {
        requestId: signingRequestId(contract.id, contract.currentSide as Side),
        userId,
        documentNumbers: [contract.documentNumber],
        reissue: true,
      },
      { actor: systemActor(currentActor().requestId) },
    );
    return toContractView(contract, await this.contracts.steps([contract.id]), companyId);
  }

  private async apply(
    contractId: string,
    command: ContractCommand,
    comment: string | undefined,
    decide: (contract: ContractRow, steps: RouteStep[]) => Promise<Outcome>,
  ): Promise<ContractView> {
    const actor = this.person();
    const contract = await this.contracts.findForCompany(actor.companyId as string, contractId);
    if (!contract) {
      throw AppError.of('NOT_FOUND');
    }
    if (await inActiveBulkSession(this.database.db, contract.id)) {
      throw bulkSignError('BULK_SIGN_IN_PROGRESS');
    }
    const status = contract.status as ContractStatus;
    const refusal = refusalOf(contract, command, actor.userId);
    if (refusal === 'COMMAND_NOT_ALLOWED') {
      throw contractError(refusal, [
        { path: 'status', message: `${command} is not allowed in ${status}`, messageJa: `${status} では ${command} はできません` },
      ]);
    }
    if (refusal) {
      throw contractError(refusal);
    }
    const steps = (await this.contracts.steps([contract.id])).map((step) => ({
      side: step.side,
      position: step.position,
      role: step.role,
      userId: step.userId,
    }));
    const outcome = await decide(contract, steps);
    const people = await this.directory.many(
      [outcome.currentActorUserId, contract.registrantUserId, contract.recipientUserId, actor.userId].filter((id): id is string =>
        Boolean(id),
      ),
    );
    const updated = await inTransaction(this.database.db, async (tx) => {
      const row = await this.contracts.update(tx, contract.id, contract.version, {
        status: outcome.status,
        currentActorUserId: outcome.currentActorUserId,
        currentSide: outcome.currentSide,
        currentPosition: outcome.currentPosition,
        ...(outcome.currentSha256 ? { currentSha256: outcome.currentSha256 } : {}),
        ...(outcome.receiverMatterId ? { receiverMatterId: outcome.receiverMatterId } : {}),
        ...(outcome.status === 'CONCLUDED' ? { concludedAt: new Date() } : {}),
        ...(outcome.status === 'AWAITING_RECEIPT' && !contract.sentAt ? { sentAt: new Date() } : {}),
      });
      if (!row) {
        throw contractError('CONTRACT_CHANGED');
      }
      if (outcome.acted) {
        await this.contracts.markStep(tx, row.id, outcome.acted.side, outcome.acted.position, command);
      }
      if (outcome.newRoute) {
        await this.contracts.replaceSide(tx, row.id, outcome.newRoute.side, outcome.newRoute.steps);
      }
      if (outcome.longTerm) {
        await recordConcludedPdfs(tx, [{ contractId: row.id, pdfSha256: row.currentSha256, longTerm: outcome.longTerm }]);
      }
      const transition = { command, from: status, to: row.status as ContractStatus };
      await this.audit.append(
        tx,
        auditOf(transition, row, actor, row.currentSha256, {
          ...(comment ? { comment } : {}),
          ...(outcome.receiverMatterId ? { matterId: outcome.receiverMatterId } : {}),
        }),
      );
      await this.announce(tx, row, people, comment);
      await this.events.publishTransitions(tx, [{ row, transitions: [transition] }]);
      return row;
    });
    this.logger.info({ contractId: updated.id, command, from: status, to: updated.status }, 'contract transition');
    if (updated.status === 'SENDER_SIGNATURE' || updated.status === 'RECEIVER_SIGNATURE') {
      await this.issueSigningPassword(updated);
    }
    return toContractView(updated, await this.contracts.steps([updated.id]), actor.companyId as string);
  }

  private async outcomeOf(command: ContractCommand, contract: ContractRow, steps: RouteStep[], route?: Route): Promise<Outcome> {
    const side = contract.currentSide ?? 'SENDER';
    const here = { side, position: contract.currentPosition ?? 0 };
    const at = (step: RouteStep | undefined, extra: Partial<Outcome> = {}): Outcome =>
      step
        ? { status: statusAt(step), currentActorUserId: step.userId, currentSide: step.side, currentPosition: step.position, ...extra }
        : { status: 'CONCLUDED', currentActorUserId: null, currentSide: null, currentPosition: null, ...extra };
    const stepOf = (s: Side, position: number) => steps.find((step) => step.side === s && step.position === position);
    const final = (status: ContractStatus): Outcome => ({ status, currentActorUserId: null, currentSide: null, currentPosition: null });
    switch (command) {
      case 'submit':
        return at(stepOf('SENDER', 0));
      case 'approve':
        return at(stepOf(side, here.position + 1), { acted: here });
      case 'return': {
        const owner = side === 'RECEIVER' ? contract.recipientUserId : contract.registrantUserId;
        return { status: 'RETURNED', currentActorUserId: owner, currentSide: side, currentPosition: null, acted: here };
      }
      case 'reroute':
      case 'receive': {
        const routeSide: Side = command === 'receive' ? 'RECEIVER' : side;
        if (command === 'receive' && contract.signatureMode === 'SENDER_ONLY') {
          return final('CONCLUDED'); // 発信者のみ署名: the receipt concludes it
        }
        await this.routes.check(routeSide === 'SENDER' ? contract.senderCompanyId : contract.receiverCompanyId, route as Route);
        const newSteps = routeSteps(routeSide, route as Route);
        return at(newSteps[0], { newRoute: { side: routeSide, steps: newSteps } });
      }
      case 'sign':
        return side === 'SENDER'
          ? {
              status: statusAfterSignature(side),
              currentActorUserId: contract.recipientUserId,
              currentSide: null,
              currentPosition: null,
              acted: here,
            }
          : { ...final(statusAfterSignature(side)), acted: here };
      case 'decline':
        return final('DECLINED');
      case 'withdraw':
        return final('WITHDRAWN');
    }
  }

  /** The mails of a transition: to whoever acts next, or the parties at the end. */
  private async announce(tx: Transaction, row: ContractRow, people: Map<string, UserContact | undefined>, comment?: string) {
    const next = row.currentActorUserId ? people.get(row.currentActorUserId) : undefined;
    const actor = people.get(currentActor().userId as string);
    switch (row.status as ContractStatus) {
      case 'SENDER_APPROVAL':
      case 'RECEIVER_APPROVAL':
        return next && this.mails.nextActor(tx, row, next, 'approval');
      case 'SENDER_SIGNATURE':
      case 'RECEIVER_SIGNATURE':
        return next && this.mails.nextActor(tx, row, next, 'signature');
      case 'AWAITING_RECEIPT':
        return next && this.mails.nextActor(tx, row, next, 'receipt');
      case 'RETURNED':
        return next && this.mails.returned(tx, row, next, actor?.name ?? '', comment);
      case 'DECLINED': {
        const registrant = people.get(row.registrantUserId);
        return registrant && this.mails.declined(tx, row, registrant, comment);
      }
      case 'CONCLUDED': {
        const parties = [people.get(row.registrantUserId), people.get(row.recipientUserId)].filter(
          (p): p is UserContact => p !== undefined,
        );
        await this.mails.concluded(tx, row, parties, row.concludedAt ?? new Date());
        await this.billing.recordConclusion(tx, {
          contractId: row.id,
          documentNumber: row.documentNumber,
          concludedAt: row.concludedAt ?? new Date(),
          sender: { companyId: row.senderCompanyId, plan: row.senderPlan as Plan },
          receiver: { companyId: row.receiverCompanyId, plan: row.receiverPlan as Plan },
        });
        return;
      }
      case 'DRAFT':
      case 'WITHDRAWN':
        return;
    }
  }

  /** A signer is due: signing issues the one-time password and mails it. A failure here leaves the signer to ask again. */
  private async issueSigningPassword(row: ContractRow): Promise<void> {
    try {
      await this.services.send(
        Patterns.signing.issueSigningPassword,
        {
          requestId: signingRequestId(row.id, row.currentSide as Side),
          userId: row.currentActorUserId as string,
          documentNumbers: [row.documentNumber],
        },
        { actor: systemActor(currentActor().requestId) },
      );
    } catch (error) {
      this.logger.error({ err: error, contractId: row.id }, 'signing password not issued; the signer can request it again');
    }
  }

  /** A matter of the actor's own company, which must have the matter option. */
  private async ownMatter(matterId: string): Promise<string> {
    const contact = await this.directory.find(currentActor().userId as string);
    if (!contact) {
      throw AppError.of('FORBIDDEN');
    }
    return this.matters.linkable(contact, matterId);
  }

  private person(): ActorContext {
    const actor = currentActor();
    requireCompanyMember(actor);
    return actor;
  }
}
