import type { CertificateView } from '../api/api-types';

/** The attributes of an X.509 name as the API writes it (`CN=…, O=…` or one per line), by their short names. */
export function nameParts(name: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const piece of name.split(/[\n,]\s*(?=[A-Za-z.]+=)/)) {
    const at = piece.indexOf('=');
    if (at > 0) {
      parts[piece.slice(0, at).trim().toUpperCase()] = piece.slice(at + 1).trim();
    }
  }
  return parts;
}

/** What a person reads of a certificate: who holds it, for which company, who issued it. */
export function plainCertificate(certificate: CertificateView) {
  const subject = nameParts(certificate.subject);
  const issuer = nameParts(certificate.issuer);
  return {
    holderName: subject.CN ?? certificate.subject,
    companyName: subject.O ?? '',
    issuer: issuer.CN ?? issuer.O ?? certificate.issuer,
  };
}

/** This user's use of the certificate (有効性確認待ち / 有効 / ロック中), if it is one of its holders. */
export function holderStatusOf(certificate: CertificateView, userId: string) {
  return certificate.holders.find((holder) => holder.userId === userId)?.status;
}
