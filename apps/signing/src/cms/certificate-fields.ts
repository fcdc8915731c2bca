import { childrenOf, readElement } from '../asn1/der';

/** The raw DER pieces of a certificate that CMS structures copy verbatim. */
export interface CertificateFields {
  readonly der: Buffer;
  /** The serialNumber INTEGER, tag included. */
  readonly serial: Buffer;
  /** The issuer Name, tag included. */
  readonly issuer: Buffer;
  readonly subject: Buffer;
}

export function certificateFields(der: Buffer): CertificateFields {
  const tbs = childrenOf(childrenOf(readElement(der))[0]);
  // tbsCertificate starts with an optional [0] version.
  const i = tbs[0].tag === 0xa0 ? 1 : 0;
  return { der, serial: tbs[i].raw, issuer: tbs[i + 2].raw, subject: tbs[i + 4].raw };
}
