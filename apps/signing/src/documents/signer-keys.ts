import { Injectable } from '@nestjs/common';
import { AppError } from '@app/contracts';
import { certificateError } from '../certificates/certificate.errors';
import { CertificateRow, CertificatesRepository } from '../certificates/certificates.repository';
import { unwrapPrivateKey } from '../pki/private-key-wrap';
import { PlatformCaService } from '../platform/platform-ca.service';
import { SigningSecrets } from '../platform/signing-secrets';
import { TsaRequestError } from '../tsa/tsa-http.client';
import { PadesSigner } from '../pades/pades.signer';

/** What signing a document needs: a signer's certificate it may use, and its key. */
@Injectable()
export class SignerKeys {
  constructor(
    private readonly certificates: CertificatesRepository,
    private readonly platform: PlatformCaService,
    private readonly secrets: SigningSecrets,
  ) {}

  private readonly signers = new Map<string, { signer: PadesSigner; until: number }>();

  private signerOf(certificate: CertificateRow): PadesSigner {
    const cached = this.signers.get(certificate.serialNumber);
    if (cached && cached.until > Date.now()) {
      return cached.signer;
    }
    const key = unwrapPrivateKey(
      Buffer.from(certificate.privateKeyWrapped, 'base64'),
      this.secrets.masterKey,
      `user:${certificate.serialNumber}`,
    );
    const engine = this.platform.engine;
    const signer = engine.signerFor(engine.identity(key, Buffer.from(certificate.certificateDer, 'base64')));
    for (const [serial, entry] of this.signers) {
      if (entry.until <= Date.now()) {
        this.signers.delete(serial);
      }
    }
    this.signers.set(certificate.serialNumber, { signer, until: Date.now() + KEY_TTL_MS });
    return signer;
  }

  /**
   * The certificate, if this user of this company holds it and may sign with
   * it now: not revoked or expired, activated (証明書有効性確認) and not locked.
   * Anything else of another company or holder is "not found".
   */
  async usable(companyId: string, userId: string, serialNumber: string): Promise<CertificateRow> {
    const certificate = await this.certificates.findInCompany(companyId, serialNumber);
    const holder = certificate && (await this.certificates.holder(serialNumber, userId));
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
    return certificate;
  }

  /**
   * One more PAdES B-T signature on the PDF with the certificate's key; an
   * unreachable TSA is 503 TSA_UNAVAILABLE. The unwrapped key is kept for a
   * few seconds, so a batch unwraps it once rather than per document.
   */
  async sign(certificate: CertificateRow, pdf: Buffer, name: string): Promise<Buffer> {
    try {
      return await this.signerOf(certificate).sign(pdf, {
        name,
        reason: 'inkan contract signature',
      });
    } catch (error) {
      if (causedBy(error, TsaRequestError)) {
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
}

/** How long an unwrapped key stays in memory after it was last unwrapped. */
const KEY_TTL_MS = 10_000;

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
