import { Inject, Injectable } from '@nestjs/common';
import { documentWorkAllowanceMs } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { z } from 'zod';
import { AppError, ContractView, Patterns, registerContractRequestSchema, requireCompanyMember } from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { CONFIG, currentActor, DATABASE, ServiceClient } from '@app/messaging';
import { AuditTrail, auditActorOf } from '../audit/audit-trail';
import { assertPlanPairAllowed } from '../billing/plan-matrix';
import { MattersService } from '../matters/matters.service';
import { TemplatesService } from '../templates/templates.service';
import { ContractEvents } from './contract-events';
import { routeSteps } from './contract-transitions';
import { contractError } from './contract.errors';
import { toContractView } from './contract-view';
import { ContractsRepository } from './contracts.repository';
import { PartyDirectory } from './party-directory';
import { RegistrationKey, registrationFingerprint, RegistrationKeysRepository } from './registration-keys.repository';
import { RouteChecker } from './route-checker';

/** Thrown inside the registration's transaction to roll it back when its Idempotency-Key was taken meanwhile. */
class KeyClaimedConcurrently extends Error {}

/**
 * 契約文書の登録 (sender registrant): every rule is checked before anything
 * is stored — counterparty, recipient, route, the plan pair — then the PDF
 * is normalised and stored by signing, then the contract is created as
 * 登録中 with its document number and its first audit entry.
 */
@Injectable()
export class RegisterContractUseCase {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly contracts: ContractsRepository,
    private readonly directory: PartyDirectory,
    private readonly routes: RouteChecker,
    private readonly audit: AuditTrail,
    private readonly services: ServiceClient,
    private readonly events: ContractEvents,
    private readonly matters: MattersService,
    private readonly templates: TemplatesService,
    private readonly keys: RegistrationKeysRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(request: z.output<typeof registerContractRequestSchema>): Promise<ContractView> {
    const actor = currentActor();
    const { userId, companyId } = requireCompanyMember(actor);
    if (!actor.roles.includes('registrant')) {
      throw contractError('REGISTRANT_ROLE_REQUIRED');
    }
    const key = request.idempotencyKey ? { companyId, userId, key: request.idempotencyKey } : undefined;
    const fingerprint = registrationFingerprint(request);
    // A retry after a reply the client never got: the contract the first request made, not a second one.
    const earlier = key && (await this.earlierRegistration(key, fingerprint, companyId));
    if (earlier) {
      return earlier;
    }
    // A template only fills in: the completed registration goes through every check below.
    const input = await this.templates.completeRegistration(companyId, request);
    const registrant = await this.directory.find(userId);
    const recipient = await this.directory.find(input.recipientUserId);
    if (!registrant || registrant.companyId !== companyId) {
      throw AppError.of('FORBIDDEN');
    }
    if (input.counterpartyCompanyId === companyId) {
      throw contractError('COUNTERPARTY_INVALID');
    }
    if (
      !recipient ||
      recipient.companyId !== input.counterpartyCompanyId ||
      recipient.status !== 'ACTIVE' ||
      !recipient.roles.includes('recipient')
    ) {
      throw contractError('RECIPIENT_INVALID', [
        {
          path: 'recipientUserId',
          message: 'not a recipient of the counterparty company',
          messageJa: '取引先企業の受取担当者ではありません',
        },
      ]);
    }
    await this.routes.check(companyId, input.route);
    assertPlanPairAllowed(registrant.companyPlan, recipient.companyPlan);
    const senderMatterId = input.matterId ? await this.matters.linkable(registrant, input.matterId) : null;

    const prepared = await this.services.send(
      Patterns.signing.prepareDocument,
      { upload: input.upload },
      { timeoutMs: this.config.RPC_TIMEOUT_MS + documentWorkAllowanceMs(input.upload.sizeBytes) },
    );
    const made = await inTransaction(this.database.db, async (tx) => {
      const created = await this.contracts.insert(tx, {
        name: input.name,
        signatureMode: input.signatureMode,
        status: 'DRAFT',
        senderCompanyId: registrant.companyId,
        senderCompanyName: registrant.companyName,
        senderPlan: registrant.companyPlan,
        senderSide: input.senderSide,
        registrantUserId: registrant.userId,
        receiverCompanyId: recipient.companyId,
        receiverCompanyName: recipient.companyName,
        receiverPlan: recipient.companyPlan,
        recipientUserId: recipient.userId,
        transactionDate: input.transactionDate,
        amount: input.amount,
        uploadSha256: input.upload.sha256,
        originalSha256: prepared.sha256,
        currentSha256: prepared.sha256,
        currentActorUserId: registrant.userId,
        senderMatterId,
      });
      const route = routeSteps('SENDER', input.route);
      await this.contracts.replaceSide(tx, created.id, 'SENDER', route);
      await this.audit.append(tx, {
        contractId: created.id,
        documentNumber: created.documentNumber,
        action: 'REGISTERED',
        actor: auditActorOf(actor),
        senderCompanyId: created.senderCompanyId,
        receiverCompanyId: created.receiverCompanyId,
        sentToReceiver: Boolean(created.sentAt),
        clientIp: actor.clientIp ?? null,
        documentSha256: prepared.sha256,
        details: {
          uploadSha256: input.upload.sha256,
          name: created.name,
          signatureMode: created.signatureMode,
          amount: created.amount,
          transactionDate: created.transactionDate,
          ...(senderMatterId ? { matterId: senderMatterId } : {}),
          ...(request.templateId ? { templateId: request.templateId } : {}),
        },
      });
      if (key && !(await this.keys.claim(tx, key, fingerprint, created.id))) {
        // A concurrent request with the same key committed first: this one rolls back whole.
        throw new KeyClaimedConcurrently();
      }
      await this.events.publish(tx, created, 'register');
      return { row: created, steps: route };
    }).catch((error: unknown) => {
      if (error instanceof KeyClaimedConcurrently) {
        return undefined;
      }
      throw error;
    });
    if (!made) {
      const winner = key && (await this.earlierRegistration(key, fingerprint, companyId));
      if (!winner) {
        throw new Error('an Idempotency-Key claim lost to a registration that cannot be found');
      }
      return winner;
    }
    const { row, steps } = made;
    return toContractView(
      row,
      steps.map((step) => ({ ...step, contractId: row.id, actedAt: null, action: null })),
      companyId,
    );
  }

  /** The contract an earlier request with this key made; a different registration under the same key is refused. */
  private async earlierRegistration(key: RegistrationKey, fingerprint: string, companyId: string): Promise<ContractView | undefined> {
    const found = await this.keys.find(key);
    if (!found) {
      return undefined;
    }
    if (found.fingerprint !== fingerprint) {
      throw contractError('IDEMPOTENCY_KEY_REUSED');
    }
    const row = await this.contracts.findForCompany(companyId, found.contractId);
    if (!row) {
      throw AppError.of('NOT_FOUND');
    }
    return toContractView(row, await this.contracts.steps([row.id]), companyId);
  }
}
