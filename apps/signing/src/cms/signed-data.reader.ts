import { childrenOf, decodeOid, definiteForm, Element, octetStringValue, readElement, Tag } from '../asn1/der';
import { Oid } from '../asn1/oids';

export interface SignerInfoContent {
  /** IssuerAndSerialNumber pieces (raw Name and INTEGER), absent for a subjectKeyIdentifier sid. */
  readonly sidIssuer?: Buffer;
  readonly sidSerial?: Buffer;
  readonly digestAlgorithm: string;
  /** The signed attributes re-tagged as a SET: the bytes the signature covers. */
  readonly signedAttributesSet?: Buffer;
  readonly signedAttributes: Map<string, Buffer[]>;
  readonly signatureAlgorithm: string;
  readonly signature: Buffer;
  /** Unsigned attribute values by type: each value is a raw DER element. */
  readonly unsignedAttributes: Map<string, Buffer[]>;
}

export interface SignedDataContent {
  readonly eContentType: string;
  readonly eContent?: Buffer;
  readonly certificates: Buffer[];
  readonly signerInfos: SignerInfoContent[];
}

function attributes(element: Element): Map<string, Buffer[]> {
  const map = new Map<string, Buffer[]>();
  for (const attribute of childrenOf(element)) {
    const [type, values] = childrenOf(attribute);
    map.set(
      decodeOid(type.content),
      childrenOf(values).map((value) => Buffer.from(value.raw)),
    );
  }
  return map;
}

function algorithmOid(element: Element): string {
  return decodeOid(childrenOf(element)[0].content);
}

function parseSignerInfo(element: Element): SignerInfoContent {
  const [, sid, digestAlgorithm, ...rest] = childrenOf(element);
  let i = 0;
  let signedAttributesSet: Buffer | undefined;
  let signedAttributes = new Map<string, Buffer[]>();
  if (rest[i]?.tag === 0xa0) {
    // The signature covers the attributes' DER encoding as a SET (RFC 5652 §5.4), whatever form they arrived in.
    signedAttributesSet = definiteForm(rest[i], Tag.SET);
    signedAttributes = attributes(rest[i]);
    i += 1;
  }
  const signatureAlgorithm = algorithmOid(rest[i]);
  const signature = Buffer.from(octetStringValue(rest[i + 1]));
  const unsigned = rest[i + 2]?.tag === 0xa1 ? attributes(rest[i + 2]) : new Map<string, Buffer[]>();
  const sidParts = sid.tag === Tag.SEQUENCE ? childrenOf(sid) : [];
  return {
    ...(sidParts.length === 2 ? { sidIssuer: Buffer.from(sidParts[0].raw), sidSerial: Buffer.from(sidParts[1].raw) } : {}),
    digestAlgorithm: algorithmOid(digestAlgorithm),
    ...(signedAttributesSet ? { signedAttributesSet } : {}),
    signedAttributes,
    signatureAlgorithm,
    signature,
    unsignedAttributes: unsigned,
  };
}

/** Parses a CMS ContentInfo holding SignedData (DER or BER, as NSS writes it; trailing zero padding from a PDF placeholder is ignored). */
export function parseSignedData(der: Buffer): SignedDataContent {
  const contentInfo = readElement(der);
  const [type, wrapped] = childrenOf(contentInfo);
  if (type?.tag !== Tag.OID || decodeOid(type.content) !== Oid.signedData || wrapped?.tag !== 0xa0) {
    throw new Error('not a CMS SignedData ContentInfo');
  }
  const fields = childrenOf(childrenOf(wrapped)[0]);
  const [, , encapsulated] = fields;
  const [eContentType, eContentWrapper] = childrenOf(encapsulated);
  const certificates = fields.find((field) => field.tag === 0xa0);
  const signerInfos = fields[fields.length - 1];
  const eContent = eContentWrapper ? childrenOf(eContentWrapper)[0] : undefined;
  return {
    eContentType: decodeOid(eContentType.content),
    ...(eContent ? { eContent: Buffer.from(octetStringValue(eContent)) } : {}),
    certificates: certificates ? childrenOf(certificates).map((certificate) => Buffer.from(certificate.raw)) : [],
    signerInfos: childrenOf(signerInfos).map(parseSignerInfo),
  };
}
