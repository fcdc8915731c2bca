import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  ActorContext,
  AppError,
  BULK_SIGN_LIMIT,
  bulkSignCandidatesSchema,
  bulkSignSearchSchema,
  bulkSigningRequestId,
  BulkSessionView,
  Patterns,
  requireCompanyMember,
  systemActor,
} from '@app/contracts';
import { AppConfig } from '@app/config';
import { DatabaseHandle, inTransaction } from '@app/db';
import { CONFIG, currentActor, DATABASE, LOGGER, ServiceClient } from '@app/messaging';
import { toContractView } from '../contracts/contract-view';
import { ContractRow, ContractsRepository } from '../contracts/contracts.repository';
import { BulkSignCompletion } from './bulk-sign-completion';
import { bulkSignError } from './bulk-sign.errors';
import { toSessionView } from './bulk-session-view';
import { OpenSelections } from './open-selections';
import { BulkSessionRow, BulkSignRepository } from './bulk-sign.repository';

type Member = { userId: string; companyId: string };

/** Why a chosen document was not handed to the signing workers. */
export const NO_LONGER_WAITING = {
  code: 'NO_LONGER_WAITING',
  ja: '対象選択の後にステータスが「受領側受取待ち」でなくなったため、署名しませんでした。',
  en: 'It was no longer waiting for receipt (受領側受取待ち) when bulk signing started, so it was not signed.',
};

/** The signing service's answers for a signing password that can never be used again (expired, used, voided). */
const DEAD_PASSWORD = new Set(['SIGNING_PASSWORD_INVALID', 'SIGNING_PASSWORD_VOIDED']);

/**
 * 一括署名（受取）: the search of documents a bulk user may sign, 対象選択
 * (a session of exactly the chosen documents and one signing password), the
 * start (the signing service verifies password and certificate once and
 * queues a job per document) and the progress.
 */
@Injectable()
export class BulkSignSessionsService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly repository: BulkSignRepository,
    private readonly contracts: ContractsRepository,
    private readonly services: ServiceClient,
    private readonly completion: BulkSignCompletion,
    private readonly selections: OpenSelections,
  ) {}

  async candidates(search: z.output<typeof bulkSignSearchSchema>): Promise<z.output<typeof bulkSignCandidatesSchema>> {
    const member = await this.bulkUser();
    const { rows, total } = await this.repository.candidates(member.companyId, member.userId, search);
    const steps = await this.contracts.steps(rows.map((row) => row.id));
    return {
      items: rows.map((row) => toContractView(row, steps, member.companyId)),
      total,
      limit: BULK_SIGN_LIMIT,
      truncated: total > rows.length,
    };
  }

  /**
   * 対象選択: every chosen document must be selectable now; then one signing
   * password for the session is mailed. The user's open selection of the same
   * documents is answered again instead (see OpenSelections).
   */
  async create(contractIds: string[]): Promise<BulkSessionView> {
    if (contractIds.length > BULK_SIGN_LIMIT) {
      throw bulkSignError('BULK_SIGN_TOO_MANY', [
        {
          path: 'contractIds',
          message: `${contractIds.length} chosen; at most ${BULK_SIGN_LIMIT}`,
          messageJa: `${contractIds.length}件選択されています（上限${BULK_SIGN_LIMIT}件）`,
        },
      ]);
    }
    const member = await this.bulkUser();
    await this.requireActiveCertificate(member);
    const { session, reused } = await inTransaction(this.database.db, async (tx) => {
      const found = new Set((await this.repository.selectableAmong(tx, member.companyId, member.userId, contractIds)).map((row) => row.id));
      const missing = contractIds.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw bulkSignError(
          'BULK_SIGN_NOT_SELECTABLE',
          missing.map((id) => ({
            path: `contractIds.${contractIds.indexOf(id)}`,
            message: `${id} cannot be selected`,
            messageJa: `${id} は選択できません`,
          })),
        );
      }
      const open = await this.selections.reuseOrClose(tx, member.userId, member.companyId, contractIds);
      if (open) {
        return { session: open, reused: true };
      }
      const inserted = await this.repository.insertSession(
        tx,
        { companyId: member.companyId, userId: member.userId, total: contractIds.length },
        contractIds,
      );
      return { session: inserted, reused: false };
    });
    const items = await this.repository.items(this.database.db, session.id);
    if (reused) {
      // The same documents chosen again (after 戻る): the password mailed for them still stands; no second mail.
      this.logger.info({ sessionId: session.id, documents: items.length }, 'bulk-sign selection answered again');
      return toSessionView(session, items);
    }
    try {
      await this.services.send(
        Patterns.signing.issueSigningPassword,
        {
          requestId: bulkSigningRequestId(session.id),
          userId: member.userId,
          documentNumbers: items.map(({ contract }) => contract.documentNumber),
        },
        { actor: systemActor(currentActor().requestId) },
      );
    } catch (error) {
      // Without its password the session is of no use: nothing of it stays.
      await this.repository.deleteSession(session.id);
      throw error;
    }
    this.logger.info({ sessionId: session.id, documents: items.length }, 'bulk-sign session created');
    return toSessionView(session, items);
  }

  /**
   * 一括署名（受取）: accepted at once. A session already started or finished
   * answers with its progress and starts nothing again.
   */
  async execute(sessionId: string, serialNumber: string, signingPassword: string): Promise<BulkSessionView> {
    const member = await this.bulkUser();
    const session = await this.ownSession(member, sessionId);
    if (session.status === 'RUNNING' || session.status === 'COMPLETED') {
      return this.view(session);
    }
    if (session.status === 'STARTING') {
      // A start that never finished (its process died between the claim and the answer) is picked up again.
      if (!this.stale(session)) {
        throw bulkSignError('BULK_SIGN_SESSION_BUSY');
      }
      const active = (await this.repository.items(this.database.db, sessionId)).filter(({ item }) => item.active);
      return this.hand(
        member,
        sessionId,
        serialNumber,
        signingPassword,
        active.map(({ contract }) => contract),
      );
    }
    const actor = currentActor();
    const handed = await inTransaction(this.database.db, async (tx) => {
      if (!(await this.repository.claimStart(tx, sessionId, actor.clientIp ?? null))) {
        return undefined;
      }
      const items = await this.repository.items(tx, sessionId);
      const ready = await this.repository.selectableAmong(
        tx,
        member.companyId,
        member.userId,
        items.map(({ item }) => item.contractId),
      );
      const readyById = new Map(ready.map((row) => [row.id, row]));
      await this.repository.activate(tx, sessionId, [...readyById.keys()]);
      for (const { item } of items.filter(({ item }) => !readyById.has(item.contractId))) {
        await this.completion.finish(tx, sessionId, item.contractId, { state: 'FAILED', ...NO_LONGER_WAITING });
      }
      // In the session's order (as chosen, and as the progress screen lists them): the workers take them in it.
      return items.flatMap(({ item }) => readyById.get(item.contractId) ?? []);
    });
    if (!handed) {
      return this.view(await this.ownSession(member, sessionId));
    }
    return this.hand(member, sessionId, serialNumber, signingPassword, handed);
  }

  /**
   * Hands the documents to the signing service (it checks the password and
   * certificate once; a session it accepted before is accepted again without
   * them) and marks the session running; a refusal puts it back as selected.
   */
  private async hand(
    member: Member,
    sessionId: string,
    serialNumber: string,
    signingPassword: string,
    handed: ContractRow[],
  ): Promise<BulkSessionView> {
    if (handed.length > 0) {
      try {
        await this.services.send(Patterns.signing.startBulkSign, {
          sessionId,
          serialNumber,
          signingPassword,
          documents: handed.map((row) => ({ contractId: row.id, documentSha256: row.currentSha256 })),
        });
      } catch (error) {
        await this.repository.resetStart(sessionId);
        if (error instanceof AppError && DEAD_PASSWORD.has(error.reply.code)) {
          // Its password can start nothing any more: a new 対象選択 of the same documents must mail a new one.
          await inTransaction(this.database.db, (tx) => this.selections.close(tx, [sessionId]));
        }
        throw error;
      }
      await this.repository.markRunning(sessionId);
    }
    this.logger.info({ sessionId, documents: handed.length }, 'bulk-sign session started');
    return this.view(await this.ownSession(member, sessionId));
  }

  /** Longer than two RPC timeouts in STARTING: whoever started it is gone. */
  private stale(session: BulkSessionRow): boolean {
    return !session.executedAt || Date.now() - session.executedAt.getTime() > 2 * this.config.RPC_TIMEOUT_MS;
  }

  async get(sessionId: string): Promise<BulkSessionView> {
    const member = requireCompanyMember(currentActor());
    return this.view(await this.ownSession(member, sessionId));
  }

  private async view(session: BulkSessionRow): Promise<BulkSessionView> {
    return toSessionView(session, await this.repository.items(this.database.db, session.id));
  }

  /** Only its own user sees a session; anyone else gets "not found". */
  private async ownSession(member: Member, sessionId: string): Promise<BulkSessionRow> {
    const session = await this.repository.findSession(this.database.db, sessionId);
    if (!session || session.userId !== member.userId || session.companyId !== member.companyId) {
      throw AppError.of('NOT_FOUND');
    }
    return session;
  }

  /** The preconditions of the seed, each with its own refusal: the company's option, both roles, the user's flag. */
  private async bulkUser(): Promise<Member> {
    const actor = currentActor();
    const member = requireCompanyMember(actor);
    const contact = await this.services.send(
      Patterns.identity.userContact,
      { userId: member.userId },
      { actor: systemActor(actor.requestId) },
    );
    if (!contact.companyOptions.includes('BULK_SIGN')) {
      throw bulkSignError('BULK_SIGN_OPTION_REQUIRED');
    }
    if (!hasRoles(actor, contact.roles)) {
      throw bulkSignError('BULK_SIGN_ROLES_REQUIRED');
    }
    if (!contact.bulkSign) {
      throw bulkSignError('BULK_SIGN_USER_NOT_ENABLED');
    }
    return member;
  }

  private async requireActiveCertificate(member: Member): Promise<void> {
    const { items } = await this.services.send(Patterns.signing.listCertificates, {});
    const active = items.some(
      (certificate) =>
        certificate.status === 'VALID' &&
        certificate.holders.some((holder) => holder.userId === member.userId && holder.status === 'ACTIVE'),
    );
    if (!active) {
      throw bulkSignError('BULK_SIGN_CERTIFICATE_REQUIRED');
    }
  }
}

/** Both the session's roles and identity's current ones must make the user recipient and signer. */
function hasRoles(actor: ActorContext, current: readonly string[]): boolean {
  return ['recipient', 'signer'].every((role) => actor.roles.includes(role as never) && current.includes(role));
}
