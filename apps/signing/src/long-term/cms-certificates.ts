import { X509Certificate } from 'node:crypto';
import { childrenOf, decodeOid, Element, octetStringValue, parseGeneralizedTime, readElement, Tag } from '../asn1/der';
import { Oid } from '../asn1/oids';

/**
 * What the extender needs from a CMS it (or our TSA) made, read with the own
 * DER walker rather than the full parser (several per document in a bulk
 * batch): the certificates it carries, its signer's serial, the timestamp
 * tokens in its unsigned attributes and, for a token, its genTime.
 */
export interface CmsParts {
  readonly certificates: Buffer[];
  /** Upper-case hex without leading zero bytes. */
  readonly signerSerial?: string;
  readonly timestampTokens: Buffer[];
  /** The encapsulated content (a TSTInfo for a timestamp token). */
  readonly eContent?: Buffer;
}

function serialHex(element: Element): string {
  return element.content
    .toString('hex')
    .toUpperCase()
    .replace(/^(00)+(?=..)/, '');
}

export function cmsParts(der: Buffer): CmsParts {
  const [type, wrapped] = childrenOf(readElement(der));
  if (type?.tag !== Tag.OID || decodeOid(type.content) !== Oid.signedData || wrapped?.tag !== 0xa0) {
    throw new Error('not a CMS SignedData ContentInfo');
  }
  const fields = childrenOf(childrenOf(wrapped)[0]);
  const [, eContentWrapper] = childrenOf(fields[2]);
  const eContent = eContentWrapper ? Buffer.from(octetStringValue(childrenOf(eContentWrapper)[0])) : undefined;
  const certificates = fields.find((field) => field.tag === 0xa0);
  const signerInfo = childrenOf(fields[fields.length - 1])[0];
  let signerSerial: string | undefined;
  const timestampTokens: Buffer[] = [];
  if (signerInfo) {
    const [, sid, ...rest] = childrenOf(signerInfo);
    if (sid?.tag === Tag.SEQUENCE) {
      signerSerial = serialHex(childrenOf(sid)[1]);
    }
    const unsigned = rest.find((element) => element.tag === 0xa1);
    for (const attribute of unsigned ? childrenOf(unsigned) : []) {
      const [oid, values] = childrenOf(attribute);
      if (decodeOid(oid.content) === Oid.signatureTimeStampToken) {
        timestampTokens.push(...childrenOf(values).map((value) => Buffer.from(value.raw)));
      }
    }
  }
  return {
    certificates: certificates ? childrenOf(certificates).map((certificate) => Buffer.from(certificate.raw)) : [],
    ...(signerSerial ? { signerSerial } : {}),
    timestampTokens,
    ...(eContent ? { eContent } : {}),
  };
}

/** The certificate among `parts.certificates` that signed it (matched by serial number). */
export function signerCertificateIn(parts: CmsParts): X509Certificate | undefined {
  for (const der of parts.certificates) {
    const certificate = new X509Certificate(der);
    if (certificate.serialNumber.toUpperCase().replace(/^(00)+(?=..)/, '') === parts.signerSerial) {
      return certificate;
    }
  }
  return undefined;
}

/** A timestamp token's genTime (TSTInfo's fifth field). */
export function genTimeOf(parts: CmsParts): Date {
  if (!parts.eContent) {
    throw new Error('not a timestamp token: no TSTInfo');
  }
  const genTime = childrenOf(readElement(parts.eContent))[4];
  if (genTime?.tag !== Tag.GENERALIZED_TIME) {
    throw new Error('malformed TSTInfo');
  }
  return parseGeneralizedTime(genTime.content);
}
