import { randomBytes } from 'node:crypto';
import { childrenOf, decodeOid, octetString, oid, readElement, sequence, Tag, tlv, unsignedInteger } from '../asn1/der';
import { DigestAlgorithms, Oid } from '../asn1/oids';

/** A parsed RFC 3161 TimeStampReq; raw pieces are echoed into the TSTInfo unchanged. */
export interface TimeStampRequest {
  readonly hashAlgorithm: string;
  /** The request's AlgorithmIdentifier as sent (parameters NULL or absent). */
  readonly hashAlgorithmRaw?: Buffer;
  readonly hashedMessage: Buffer;
  readonly reqPolicy?: string;
  /** The nonce INTEGER as sent, tag included. */
  readonly nonce?: Buffer;
  readonly certReq: boolean;
  readonly hasExtensions?: boolean;
}

export class TimeStampRequestError extends Error {
  constructor(
    readonly failure: 'badAlg' | 'badRequest' | 'badDataFormat' | 'unacceptedPolicy' | 'unacceptedExtension',
    message: string,
  ) {
    super(message);
  }
}

export function parseTimeStampRequest(der: Buffer): TimeStampRequest {
  let fields;
  try {
    const outer = readElement(der);
    if (outer.tag !== Tag.SEQUENCE || outer.end !== der.length) {
      throw new Error('not a single SEQUENCE');
    }
    fields = childrenOf(outer);
  } catch (error) {
    throw new TimeStampRequestError('badDataFormat', `not a DER TimeStampReq: ${(error as Error).message}`);
  }
  const [version, imprint, ...rest] = fields;
  if (version?.tag !== Tag.INTEGER || version.content.length !== 1 || version.content[0] !== 1 || imprint?.tag !== Tag.SEQUENCE) {
    throw new TimeStampRequestError('badRequest', 'TimeStampReq version must be 1 with a messageImprint');
  }
  const [algorithm, hashed] = childrenOf(imprint);
  const algorithmOid = childrenOf(algorithm)[0];
  if (algorithmOid?.tag !== Tag.OID || hashed?.tag !== Tag.OCTET_STRING) {
    throw new TimeStampRequestError('badDataFormat', 'malformed messageImprint');
  }
  const hashAlgorithm = decodeOid(algorithmOid.content);
  const known = DigestAlgorithms[hashAlgorithm];
  if (!known) {
    throw new TimeStampRequestError('badAlg', `unsupported hash algorithm ${hashAlgorithm}`);
  }
  if (hashed.content.length !== known.size) {
    throw new TimeStampRequestError('badDataFormat', `a ${known.name} imprint must be ${known.size} bytes`);
  }
  const request: { -readonly [K in keyof TimeStampRequest]: TimeStampRequest[K] } = {
    hashAlgorithm,
    hashAlgorithmRaw: Buffer.from(algorithm.raw),
    hashedMessage: Buffer.from(hashed.content),
    certReq: false,
  };
  for (const field of rest) {
    if (field.tag === Tag.OID) {
      request.reqPolicy = decodeOid(field.content);
    } else if (field.tag === Tag.INTEGER) {
      request.nonce = Buffer.from(field.raw);
    } else if (field.tag === 0x01) {
      request.certReq = field.content[0] !== 0;
    } else if (field.tag === 0xa0) {
      request.hasExtensions = true;
    } else {
      throw new TimeStampRequestError('badDataFormat', `unexpected field tag 0x${field.tag.toString(16)}`);
    }
  }
  return request;
}

/** A DER TimeStampReq for a SHA-256 imprint with a fresh 64-bit positive nonce and certReq true. */
export function encodeTimeStampRequest(sha256Digest: Buffer, policy?: string): { der: Buffer; nonce: Buffer } {
  const nonceBytes = randomBytes(8);
  // A nonce with the high bit set would encode as a negative INTEGER: clear it.
  nonceBytes[0] &= 0x7f;
  const nonce = unsignedInteger(nonceBytes);
  const der = sequence(
    unsignedInteger(1),
    sequence(sequence(oid(Oid.sha256)), octetString(sha256Digest)),
    ...(policy ? [oid(policy)] : []),
    nonce,
    tlv(0x01, Buffer.from([0xff])),
  );
  return { der, nonce };
}
