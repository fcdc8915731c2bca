import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BLOB_STORE, BlobStore } from '@app/blob-store';
import { AppError, requireCompanyMember, signatureRecordSchema, signDocumentSchema } from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { currentActor, DATABASE, LOGGER } from '@app/messaging';
import { certificateError } from '../certificates/certificate.errors';
import { CertificatesRepository } from '../certificates/certificates.repository';
import { signatures } from '../database/signing.schema';
import { unwrapPrivateKey } from '../pki/private-key-wrap';
import { PlatformCaService } from '../platform/platform-ca.service';
import { SigningSecrets } from '../platform/signing-secrets';
import { SigningPasswordsService } from '../signing-passwords/signing-passwords.service';
import { TsaRequestError } from '../tsa/tsa-http.client';

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
    private readonly certificates: CertificatesRepository,
    private readonly passwords: SigningPasswordsService,
    private readonly platform: PlatformCaService,
    private readonly secrets: SigningSecrets,
  ) {}

  async sign(input: z.output<typeof signDocumentSchema>): Promise<SignatureRecord> {
    const actor = currentActor();
    const { userId, companyId } = requireCompanyMember(actor);
    if (!actor.roles.includes('signer')) {
      throw AppError.of('FORBIDDEN');
    }
    const done = await this.existing(input.requestId, input.documentSha256);
    if (done) {
      if (done.userId !== userId) {
        throw AppError.of('NOT_FOUND');
      }
      return done;
    }
    const certificate = await this.certificates.findInCompany(companyId, input.serialNumber);
    const holder = certificate && (await this.certificates.holder(input.serialNumber, userId));
    if (!certificate || !holder) {
      throw AppError.of('NOT_FOUND');
    }
    if (certificate.revokedAt) {
      throw certificateError('CERTIFICATE_REVOKED');
    }
    if (certificate.notAfter <= new Date()) {
      throw certificateError('CERTIFICATE_EXPIRED');
    }
    if (holder.lockedAt) {
      throw certificateError('CERTIFICATE_LOCKED');
    }
    if (!holder.activatedAt) {
      throw certificateError('CERTIFICATE_NOT_ACTIVE');
    }
    const password = this.secrets.open(input.signingPassword, 'signing-password', `${input.requestId}:${userId}`);
    const passwordId = await this.passwords.verify(input.requestId, userId, password);

    const pdf = await this.blobs.get(input.documentSha256);
    const der = Buffer.from(certificate.certificateDer, 'base64');
    const key = unwrapPrivateKey(
      Buffer.from(certificate.privateKeyWrapped, 'base64'),
      this.secrets.masterKey,
      `user:${certificate.serialNumber}`,
    );
    const signed = await this.signWithTimestamp(() =>
      this.platform.engine
        .signerFor(this.platform.engine.identity(key, der))
        .sign(pdf, { name: userId, reason: 'inkan contract signature' }),
    );
    const signedSha256 = createHash('sha256').update(signed).digest('hex');
    // The blob first (it may live in another database); the signature record then refers to it.
    await this.blobs.put(signed);
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
      return toRecord(record);
    } catch (error) {
      // Someone signed this (request, document) meanwhile: theirs is the result.
      const winner = await this.existing(input.requestId, input.documentSha256);
      if (winner && winner.userId === userId) {
        return winner;
      }
      throw error;
    }
  }

  /** An external TSA that does not answer is an outage, not the caller's mistake: 503, and nothing is spent. */
  private async signWithTimestamp(sign: () => Promise<Buffer>): Promise<Buffer> {
    try {
      return await sign();
    } catch (error) {
      if (causedBy(error, TsaRequestError)) {
        this.logger.error({ err: error }, 'time-stamp authority failed');
        throw new AppError({
          code: 'TSA_UNAVAILABLE',
          status: 503,
          message: {
            ja: 'タイムスタンプ局に接続できないため署名できませんでした。しばらくしてから再度お試しください。',
            en: 'The time-stamp authority is unavailable, so nothing was signed. Please try again shortly.',
          },
        });
      }
      throw error;
    }
  }

  private async existing(requestId: string, documentSha256: string): Promise<SignatureRecord | undefined> {
    const [row] = await this.database.db
      .select()
      .from(signatures)
      .where(and(eq(signatures.requestId, requestId), eq(signatures.documentSha256, documentSha256)));
    return row && toRecord(row);
  }
}

/** @signpdf wraps what a Signer throws; look through the causes. */
function causedBy(error: unknown, type: new (...args: never[]) => Error): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof type) {
      return true;
    }
    current = (current as Error).cause;
  }
  return false;
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
