import { Attribute, ContentInfo, id_signedData, SignedData, SignerInfo } from '@peculiar/asn1-cms';
import { AsnConvert, AsnParser, OctetString } from '@peculiar/asn1-schema';
import { Tag, tlv } from '../asn1/der';

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

function attributes(list: readonly Attribute[] | undefined): Map<string, Buffer[]> {
  const map = new Map<string, Buffer[]>();
  for (const attribute of list ?? []) {
    map.set(
      attribute.attrType,
      attribute.attrValues.map((value) => Buffer.from(value)),
    );
  }
  return map;
}

function parseSignerInfo(signerInfo: SignerInfo): SignerInfoContent {
  const sid = signerInfo.sid.issuerAndSerialNumber;
  return {
    ...(sid
      ? {
          sidIssuer: Buffer.from(AsnConvert.serialize(sid.issuer)),
          sidSerial: tlv(Tag.INTEGER, Buffer.from(sid.serialNumber)),
        }
      : {}),
    digestAlgorithm: signerInfo.digestAlgorithm.algorithm,
    // The signature covers the attributes' DER encoding as a SET (RFC 5652 §5.4), whatever form they arrived in.
    ...(signerInfo.signedAttrs ? { signedAttributesSet: asSet(signerInfo.signedAttrs) } : {}),
    signedAttributes: attributes(signerInfo.signedAttrs),
    signatureAlgorithm: signerInfo.signatureAlgorithm.algorithm,
    signature: Buffer.from(signerInfo.signature.buffer),
    unsignedAttributes: attributes(signerInfo.unsignedAttrs),
  };
}

/**
 * The signed attributes as the SET the signature covers (RFC 5652 §5.4), in the order they arrived: each attribute
 * encoded again (definite lengths, as DER has them, whatever form it arrived in), its values as received.
 */
function asSet(list: readonly Attribute[]): Buffer {
  return tlv(Tag.SET, ...list.map((attribute) => Buffer.from(AsnConvert.serialize(attribute))));
}

/**
 * Parses a CMS ContentInfo holding SignedData with `@peculiar/asn1-cms` (never by hand: signatures come from anyone).
 * DER or BER, as NSS writes it; trailing zero padding from a PDF placeholder is ignored. Throws on anything else.
 */
export function parseSignedData(der: Buffer): SignedDataContent {
  let signedData: SignedData;
  try {
    const contentInfo = AsnParser.parse(der, ContentInfo);
    if (contentInfo.contentType !== id_signedData) {
      throw new Error(`content type ${contentInfo.contentType}`);
    }
    signedData = AsnParser.parse(contentInfo.content, SignedData);
  } catch (error) {
    throw new Error(`not a CMS SignedData ContentInfo: ${(error as Error).message}`);
  }
  const { eContent } = signedData.encapContentInfo;
  const content = eContent?.single
    ? Buffer.from(eContent.single.buffer)
    : eContent?.any
      ? octetStringContent(Buffer.from(eContent.any))
      : undefined;
  return {
    eContentType: signedData.encapContentInfo.eContentType,
    ...(content ? { eContent: content } : {}),
    certificates: (signedData.certificates ?? []).flatMap((choice) =>
      choice.certificate ? [Buffer.from(AsnConvert.serialize(choice.certificate))] : [],
    ),
    signerInfos: signedData.signerInfos.map(parseSignerInfo),
  };
}

/** The bytes of an OCTET STRING that arrived constructed (BER: a sequence of primitive pieces). */
function octetStringContent(ber: Buffer): Buffer {
  return Buffer.from(AsnParser.parse(ber, OctetString).buffer);
}
