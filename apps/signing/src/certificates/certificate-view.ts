import { CertificateView } from '@app/contracts';
import { CertificateRow, HolderRow } from './certificates.repository';

/** What the 証明書有効性確認 screen and the administrator see: contents and status, never a key or a PIN. */
export function toCertificateView(certificate: CertificateRow, holders: HolderRow[], now = new Date()): CertificateView {
  const status = certificate.revokedAt ? 'REVOKED' : certificate.notAfter <= now ? 'EXPIRED' : 'VALID';
  return {
    serialNumber: certificate.serialNumber,
    companyId: certificate.companyId,
    subject: certificate.subject,
    issuer: certificate.issuer,
    keyAlgorithm: certificate.keyAlgorithm,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    fingerprintSha256: certificate.fingerprintSha256,
    status,
    revokedAt: certificate.revokedAt?.toISOString() ?? null,
    holders: holders
      .filter((holder) => holder.serialNumber === certificate.serialNumber)
      .map((holder) => ({
        userId: holder.userId,
        status: holder.lockedAt ? 'LOCKED' : holder.activatedAt ? 'ACTIVE' : 'PENDING_ACTIVATION',
        activatedAt: holder.activatedAt?.toISOString() ?? null,
        lockedAt: holder.lockedAt?.toISOString() ?? null,
      })),
  };
}
