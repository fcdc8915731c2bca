import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, bulkSigningRequestId, requireCompanyMember, startBulkSignSchema } from '@app/contracts';
import { DatabaseHandle, insertRows, inTransaction } from '@app/db';
import { currentActor, DATABASE, LOGGER } from '@app/messaging';
import { bulkDocuments, bulkRuns } from '../database/signing.schema';
import { SignerKeys } from '../documents/signer-keys';
import { SigningSecrets } from '../platform/signing-secrets';
import { SigningPasswordsService } from '../signing-passwords/signing-passwords.service';
import { BulkSignQueues } from './bulk-sign.queues';

/** How long the start waits for Redis before leaving the session's jobs to the sweeper. */
const QUEUE_TIMEOUT_MS = 5_000;

/**
 * 一括署名（受取）の開始: the certificate and the session's signing password are
 * checked once (the password is spent), the session and its documents are
 * recorded, and one BullMQ flow is added. Starting a session again answers
 * with what was accepted and adds nothing.
 */
@Injectable()
export class BulkSignStartService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly keys: SignerKeys,
    private readonly passwords: SigningPasswordsService,
    private readonly secrets: SigningSecrets,
    private readonly queues: BulkSignQueues,
  ) {}

  async start(input: z.output<typeof startBulkSignSchema>): Promise<{ sessionId: string; documents: number }> {
    const actor = currentActor();
    const { userId, companyId } = requireCompanyMember(actor);
    if (!actor.roles.includes('signer')) {
      throw AppError.of('FORBIDDEN');
    }
    const accepted = await this.accepted(input.sessionId, userId);
    if (accepted !== undefined) {
      return { sessionId: input.sessionId, documents: accepted };
    }
    const certificate = await this.keys.usable(companyId, userId, input.serialNumber);
    const requestId = bulkSigningRequestId(input.sessionId);
    const password = this.secrets.open(input.signingPassword, 'signing-password', `${requestId}:${userId}`);
    const passwordId = await this.passwords.verify(requestId, userId, password);
    try {
      await inTransaction(this.database.db, async (tx) => {
        await this.passwords.markUsed(tx, passwordId);
        await tx.insert(bulkRuns).values({ sessionId: input.sessionId, userId, companyId, serialNumber: certificate.serialNumber });
        await insertRows(
          tx,
          bulkDocuments,
          input.documents.map((document) => ({
            sessionId: input.sessionId,
            contractId: document.contractId,
            documentSha256: document.documentSha256,
          })),
          { keptReferencePlans: true, unnest: true },
        );
      });
    } catch (error) {
      // A concurrent start of the same session won: its answer is ours.
      const raced = await this.accepted(input.sessionId, userId);
      if (raced !== undefined) {
        return { sessionId: input.sessionId, documents: raced };
      }
      throw error;
    }
    await this.enqueue(
      input.sessionId,
      input.documents.map((document) => document.contractId),
    );
    this.logger.info({ sessionId: input.sessionId, documents: input.documents.length }, 'bulk-sign session accepted');
    return { sessionId: input.sessionId, documents: input.documents.length };
  }

  /** The documents of a session already accepted for this user; another user's session is "not found". */
  private async accepted(sessionId: string, userId: string): Promise<number | undefined> {
    const [run] = await this.database.db.select().from(bulkRuns).where(eq(bulkRuns.sessionId, sessionId));
    if (!run) {
      return undefined;
    }
    if (run.userId !== userId) {
      throw AppError.of('NOT_FOUND');
    }
    const documents = await this.database.db
      .select({ contractId: bulkDocuments.contractId })
      .from(bulkDocuments)
      .where(eq(bulkDocuments.sessionId, sessionId));
    return documents.length;
  }

  /** The session is recorded in PostgreSQL already: if Redis is slow or down, the sweeper queues it later. */
  private async enqueue(sessionId: string, contractIds: string[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queues.addSession(sessionId, contractIds),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not take the flow within ${QUEUE_TIMEOUT_MS} ms`)), QUEUE_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.error({ err: error, sessionId }, 'bulk-sign flow not queued; the sweeper will queue its documents');
    } finally {
      clearTimeout(timer);
    }
  }
}
