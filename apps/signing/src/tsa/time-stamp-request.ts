import { randomBytes } from 'node:crypto';
import { AsnConvert, AsnParser } from '@peculiar/asn1-schema';
import { TimeStampReq, TimeStampReqVersion } from '@peculiar/asn1-tsp';
import { octetString, oid, readElement, sequence, Tag, tlv, unsignedInteger } from '../asn1/der';
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

/**
 * Parses a DER TimeStampReq with `@peculiar/asn1-tsp` (never by hand: this is untrusted input). Anything that is not
 * one whole TimeStampReq is `badDataFormat`; a version other than 1 is `badRequest`; a hash we do not support `badAlg`.
 */
export function parseTimeStampRequest(der: Buffer): TimeStampRequest {
  let parsed: TimeStampReq;
  try {
    if (der.length === 0 || readElement(der).end !== der.length) {
      throw new Error('not a single element');
    }
    parsed = AsnParser.parse(der, TimeStampReq);
  } catch (error) {
    throw new TimeStampRequestError('badDataFormat', `not a DER TimeStampReq: ${(error as Error).message}`);
  }
  if (parsed.version !== TimeStampReqVersion.v1) {
    throw new TimeStampRequestError('badRequest', 'TimeStampReq version must be 1');
  }
  const { hashAlgorithm, hashedMessage } = parsed.messageImprint;
  const known = DigestAlgorithms[hashAlgorithm.algorithm];
  if (!known) {
    throw new TimeStampRequestError('badAlg', `unsupported hash algorithm ${hashAlgorithm.algorithm}`);
  }
  const imprint = Buffer.from(hashedMessage.buffer);
  if (imprint.length !== known.size) {
    throw new TimeStampRequestError('badDataFormat', `a ${known.name} imprint must be ${known.size} bytes`);
  }
  return {
    hashAlgorithm: hashAlgorithm.algorithm,
    hashAlgorithmRaw: Buffer.from(AsnConvert.serialize(hashAlgorithm)),
    hashedMessage: imprint,
    certReq: parsed.certReq,
    ...(parsed.reqPolicy ? { reqPolicy: parsed.reqPolicy } : {}),
    ...(parsed.nonce ? { nonce: tlv(Tag.INTEGER, Buffer.from(parsed.nonce)) } : {}),
    ...(parsed.extensions ? { hasExtensions: true } : {}),
  };
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
