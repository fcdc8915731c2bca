import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import '../pki/key-algorithm';

export interface RevocationCheck {
  /**
   * good: a CRL issued after the signing time does not list the certificate;
   * revoked: revoked at or before the signing time; revoked-after-signing:
   * revoked later, which does not affect a signature whose time a timestamp
   * proves; unknown: no usable CRL.
   */
  readonly status: 'good' | 'revoked' | 'revoked-after-signing' | 'unknown';
  readonly revokedAt?: string;
  readonly reason?: string;
  readonly crlThisUpdate?: string;
  /** Decided by an OCSP answer (a DSS's) produced at this time rather than by a CRL. */
  readonly ocspProducedAt?: string;
  readonly problems: string[];
}

/**
 * Revocation of `certificate` at `signingTime` from the CRLs given (DER):
 * only a CRL signed by the certificate's issuer and issued after the signing
 * time can say the certificate was good then.
 */
export async function checkRevocation(
  certificate: X509Certificate,
  issuer: X509Certificate | undefined,
  crls: readonly Buffer[],
  signingTime: Date,
): Promise<RevocationCheck> {
  if (!issuer) {
    return { status: 'unknown', problems: ['the issuer of the signer certificate is unknown'] };
  }
  const issuerKey = new x509.X509Certificate(issuer.raw).publicKey;
  const serial = certificate.serialNumber.toLowerCase().replace(/^0+/, '');
  const problems: string[] = [];
  let best: x509.X509Crl | undefined;
  for (const der of crls) {
    const crl = new x509.X509Crl(der);
    if (!(await crl.verify({ publicKey: issuerKey }).catch(() => false))) {
      continue;
    }
    if (!best || crl.thisUpdate > best.thisUpdate) {
      best = crl;
    }
  }
  if (!best) {
    return { status: 'unknown', problems: ['no CRL signed by the issuer was available'] };
  }
  const entry = best.entries.find((candidate) => candidate.serialNumber.toLowerCase().replace(/^0+/, '') === serial);
  const crlThisUpdate = best.thisUpdate.toISOString();
  if (entry) {
    const revokedAt = entry.revocationDate;
    const reason = entry.reason === undefined ? undefined : x509.X509CrlReason[entry.reason];
    const status = revokedAt.getTime() <= signingTime.getTime() ? 'revoked' : 'revoked-after-signing';
    if (status === 'revoked') {
      problems.push(`the signer certificate was revoked at ${revokedAt.toISOString()}, before the signing time`);
    }
    return { status, revokedAt: revokedAt.toISOString(), ...(reason ? { reason } : {}), crlThisUpdate, problems };
  }
  // CRL times have one-second precision; a timestamp has milliseconds.
  if (best.thisUpdate.getTime() < Math.floor(signingTime.getTime() / 1000) * 1000) {
    return { status: 'unknown', crlThisUpdate, problems: ['the newest CRL was issued before the signing time'] };
  }
  return { status: 'good', crlThisUpdate, problems };
}
