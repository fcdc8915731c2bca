import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
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

/**
 * The OCSP responder for the platform CAs. The issuing CA answers for the
 * signers' certificates (the certificates table: revoked from `revoked_at`
 * and `revocation_reason`)
 * and for our TSA's certificate; the root answers for the issuing CA when its
 * key is loaded here (it is optional, see CertificateAuthority.load). Any
 * other serial is `unknown`: not issued by us.
 */
export function platformOcspResponder(engine: SigningEngine, db: Database, onLookupError: (error: unknown) => void): OcspResponder {
  const { ca } = engine;
  const tsaSerial = serialOf(engine.tsaCertificate);
  const issuingDer = Buffer.from(ca.issuingCertificate.rawData);
  const issuingSerial = serialOf(issuingDer);
  const issuing: OcspAuthority = {
    certificate: issuingDer,
    privateKey: ca.issuingPrivateKey,
    status: async (serial) => {
      if (serial === tsaSerial) {
        return GOOD;
      }
      const [row] = await db
        .select({ revokedAt: certificates.revokedAt, reason: certificates.revocationReason })
        .from(certificates)
        .where(eq(certificates.serialNumber, serial));
      if (!row) {
        return UNKNOWN;
      }
      return row.revokedAt ? { status: 'revoked', revokedAt: row.revokedAt, ...(row.reason ? { reason: row.reason } : {}) } : GOOD;
    },
  };
  const rootKey = ca.rootPrivateKey;
  const root: OcspAuthority[] = rootKey
    ? [
        {
          certificate: Buffer.from(ca.root.rawData),
          privateKey: rootKey,
          status: (serial) => Promise.resolve(serial === issuingSerial ? GOOD : UNKNOWN),
        },
      ]
    : [];
  return new OcspResponder([issuing, ...root], { onLookupError });
}
