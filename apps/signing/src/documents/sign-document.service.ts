import { Inject, Injectable } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BLOB_STORE, BlobStore } from '@app/blob-store';
import { AppError, requireCompanyMember, signatureRecordSchema, signDocumentSchema } from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { currentActor, DATABASE, LOGGER } from '@app/messaging';
import { signatures } from '../database/signing.schema';
import { LongTermExtender } from '../long-term/long-term-extension';
import { SigningSecrets } from '../platform/signing-secrets';
import { SigningPasswordsService } from '../signing-passwords/signing-passwords.service';
import { SignerKeys } from './signer-keys';

type SignatureRecord = z.output<typeof signatureRecordSchema>;

/**
 * sign(document, certificate, signing password) → a new blob with one more
 * PAdES signature. Idempotent per (request, document): asking again returns
 * the first result, and the unique index makes a race sign once.
 */
@Injectable()
export class SignDocumentService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly keys: SignerKeys,
    private readonly passwords: SigningPasswordsService,
    private readonly secrets: SigningSecrets,
    private readonly longTerm: LongTermExtender,
  ) {}

  async sign(input: z.output<typeof signDocumentSchema>): Promise<SignatureRecord> {
    const actor = currentActor();
    const { userId, companyId } = requireCompanyMember(actor);
    if (!actor.roles.includes('signer')) {
      throw AppError.of('FORBIDDEN');
    }
    const done = await this.existing(input.requestId, input.documentSha256, input.final);
    if (done) {
      if (done.userId !== userId) {
        throw AppError.of('NOT_FOUND');
      }
      return done;
    }
    const certificate = await this.keys.usable(companyId, userId, input.serialNumber);
    const password = this.secrets.open(input.signingPassword, 'signing-password', `${input.requestId}:${userId}`);
    const passwordId = await this.passwords.verify(input.requestId, userId, password);
    const signed = await this.keys.sign(certificate, await this.blobs.get(input.documentSha256), userId);
    // The last signature: validation data and an archive timestamp go in before the concluded PDF is stored (PAdES B-LTA).
    const extended = input.final ? await this.longTerm.extend(signed) : undefined;
    // The blob first (it may live in another database); the signature record then refers to it.
    const { sha256: signedSha256 } = await this.blobs.put(extended?.pdf ?? signed);
    try {
      const record = await inTransaction(this.database.db, async (tx) => {
        await this.passwords.markUsed(tx, passwordId);
        const [row] = await tx
          .insert(signatures)
          .values({
            requestId: input.requestId,
            documentSha256: input.documentSha256,
            signedSha256,
            serialNumber: certificate.serialNumber,
            userId,
            companyId,
          })
          .returning();
        return row;
      });
      this.logger.info({ requestId: input.requestId, serialNumber: certificate.serialNumber }, 'document signed');
      return {
        ...toRecord(record),
        ...(extended
          ? {
              longTerm: {
                level: extended.level,
                archiveTimestampAt: extended.archiveTimestampAt.toISOString(),
                proofUntil: extended.proofUntil.toISOString(),
              },
            }
          : {}),
      };
    } catch (error) {
      // Someone signed this (request, document) meanwhile: theirs is the result.
      const winner = await this.existing(input.requestId, input.documentSha256, input.final);
      if (winner && winner.userId === userId) {
        return winner;
      }
      throw error;
    }
  }

  /** The signature already made for (request, document); for the last one, its long-term state read from the stored PDF. */
  private async existing(requestId: string, documentSha256: string, final = false): Promise<SignatureRecord | undefined> {
    const [row] = await this.database.db
      .select()
      .from(signatures)
      .where(and(eq(signatures.requestId, requestId), eq(signatures.documentSha256, documentSha256)));
    if (!row) {
      return undefined;
    }
    const state = final ? this.longTerm.stateOf(await this.blobs.get(row.signedSha256)) : undefined;
    return {
      ...toRecord(row),
      ...(state?.level === 'B-LTA' && state.archiveTimestampAt && state.proofUntil
        ? {
            longTerm: {
              level: state.level,
              archiveTimestampAt: state.archiveTimestampAt.toISOString(),
              proofUntil: state.proofUntil.toISOString(),
            },
          }
        : {}),
    };
  }
}

function toRecord(row: typeof signatures.$inferSelect): SignatureRecord {
  return {
    requestId: row.requestId,
    documentSha256: row.documentSha256,
    signedSha256: row.signedSha256,
    serialNumber: row.serialNumber,
    userId: row.userId,
    signedAt: row.signedAt.toISOString(),
  };
}
