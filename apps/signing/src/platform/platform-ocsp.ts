import { X509Certificate } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Database } from '@app/db';
import { certificates } from '../database/signing.schema';
import { SigningEngine } from '../engine/signing-engine';
import { OcspAuthority, OcspCertificateStatus, OcspResponder } from '../pki/ocsp-responder';

const GOOD: OcspCertificateStatus = { status: 'good' };
const UNKNOWN: OcspCertificateStatus = { status: 'unknown' };

/** Upper-case hex without leading zero bytes: how the certificates table and the responder name a serial. */
function serialOf(der: Buffer): string {
  return new X509Certificate(der).serialNumber.toUpperCase().replace(/^(00)+(?=..)/, '');
}

/** A certificate's issuer or subject as the certificates table writes it (one line, ", " between the parts). */
export function nameLine(name: string): string {
  return name.replace(/\n/g, ', ');
}

/**
 * The OCSP responder for the platform CAs. Each issuing CA generation answers for the signers' certificates it
 * issued (the certificates table: revoked from `revoked_at` and `revocation_reason`) and for the TSA certificates
 * it issued; the root answers for every issuing CA when its key is loaded here (it is optional, see
 * CertificateAuthority.load). Any other serial is `unknown`: not issued by that CA. Build it again after a rollover.
 */
export function platformOcspResponder(engine: SigningEngine, db: Database, onLookupError: (error: unknown) => void): OcspResponder {
  const issuingAuthorities: OcspAuthority[] = engine.issuingAuthorities.map((ca) => {
    const issuingDer = Buffer.from(ca.issuingCertificate.rawData);
    const subject = nameLine(new X509Certificate(issuingDer).subject);
    const tsaSerials = new Set(
      engine.tsaKeys.filter((tsa) => engine.issuerOf(tsa.certificate) === ca).map((tsa) => serialOf(tsa.certificate)),
    );
    return {
      certificate: issuingDer,
      privateKey: ca.issuingPrivateKey,
      status: async (serial) => {
        if (tsaSerials.has(serial)) {
          return GOOD;
        }
        const [row] = await db
          .select({ revokedAt: certificates.revokedAt, reason: certificates.revocationReason })
          .from(certificates)
          .where(and(eq(certificates.serialNumber, serial), eq(certificates.issuer, subject)));
        if (!row) {
          return UNKNOWN;
        }
        return row.revokedAt ? { status: 'revoked', revokedAt: row.revokedAt, ...(row.reason ? { reason: row.reason } : {}) } : GOOD;
      },
    };
  });
  const { ca } = engine;
  const issuingSerials = new Set(engine.issuingAuthorities.map((issuing) => serialOf(Buffer.from(issuing.issuingCertificate.rawData))));
  const rootKey = ca.rootPrivateKey;
  const root: OcspAuthority[] = rootKey
    ? [
        {
          certificate: Buffer.from(ca.root.rawData),
          privateKey: rootKey,
          status: (serial) => Promise.resolve(issuingSerials.has(serial) ? GOOD : UNKNOWN),
        },
      ]
    : [];
  return new OcspResponder([...issuingAuthorities, ...root], { onLookupError });
}
