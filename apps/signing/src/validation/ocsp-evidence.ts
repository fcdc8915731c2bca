import { verify, X509Certificate } from 'node:crypto';
import * as ocsp from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';

const DIGESTS: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
};

function serialOf(bytes: ArrayBuffer | Buffer): string {
  return Buffer.from(bytes as ArrayBuffer)
    .toString('hex')
    .toUpperCase()
    .replace(/^(00)+(?=..)/, '');
}

/**
 * Whether an OCSP answer among `responses` (a DSS's), signed by `issuer` and
 * produced at or after `at`, says `certificate` is good: the evidence that
 * the certificate was not revoked at `at`, when no CRL issued after it is at
 * hand. Unreadable or foreign answers are skipped.
 */
export function goodOcspAfter(
  certificate: X509Certificate,
  issuer: X509Certificate | undefined,
  responses: readonly Buffer[],
  at: Date,
): { producedAt: Date } | undefined {
  if (!issuer) {
    return undefined;
  }
  const serial = serialOf(Buffer.from(certificate.serialNumber, 'hex'));
  for (const der of responses) {
    try {
      const response = AsnConvert.parse(der, ocsp.OCSPResponse);
      if (response.responseStatus !== ocsp.OCSPResponseStatus.successful || !response.responseBytes) {
        continue;
      }
      const basic = AsnConvert.parse(response.responseBytes.response.buffer, ocsp.BasicOCSPResponse);
      const digest = DIGESTS[basic.signatureAlgorithm.algorithm];
      const tbs = Buffer.from(AsnConvert.serialize(basic.tbsResponseData));
      if (!digest || !verify(digest, tbs, issuer.publicKey, Buffer.from(basic.signature))) {
        continue;
      }
      const producedAt = basic.tbsResponseData.producedAt;
      // OCSP times have one-second precision; a timestamp has milliseconds.
      if (producedAt.getTime() < Math.floor(at.getTime() / 1000) * 1000) {
        continue;
      }
      const single = basic.tbsResponseData.responses.find((entry) => serialOf(entry.certID.serialNumber) === serial);
      if (single?.certStatus.good !== undefined) {
        return { producedAt };
      }
    } catch {
      continue;
    }
  }
  return undefined;
}
