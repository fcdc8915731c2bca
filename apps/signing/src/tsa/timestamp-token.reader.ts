import { childrenOf, decodeOid, parseGeneralizedTime, readElement, Tag } from '../asn1/der';
import { Oid } from '../asn1/oids';
import { parseSignedData, SignedDataContent } from '../cms/signed-data.reader';

/** The fields of a TSTInfo a verifier looks at. */
export interface TstInfo {
  readonly policy: string;
  readonly hashAlgorithm: string;
  readonly hashedMessage: Buffer;
  readonly serialNumber: string;
  readonly genTime: Date;
  /** The nonce INTEGER, tag included, if any. */
  readonly nonce?: Buffer;
}

export interface TimestampToken {
  readonly signedData: SignedDataContent;
  readonly tstInfo: TstInfo;
}

export function parseTstInfo(der: Buffer): TstInfo {
  const [version, policy, imprint, serial, genTime, ...rest] = childrenOf(readElement(der));
  if (version?.tag !== Tag.INTEGER || policy?.tag !== Tag.OID || imprint?.tag !== Tag.SEQUENCE || genTime?.tag !== Tag.GENERALIZED_TIME) {
    throw new Error('malformed TSTInfo');
  }
  const [algorithm, hashed] = childrenOf(imprint);
  const nonce = rest.find((field) => field.tag === Tag.INTEGER);
  return {
    policy: decodeOid(policy.content),
    hashAlgorithm: decodeOid(childrenOf(algorithm)[0].content),
    hashedMessage: Buffer.from(hashed.content),
    serialNumber: serial.content.toString('hex'),
    genTime: parseGeneralizedTime(genTime.content),
    ...(nonce ? { nonce: Buffer.from(nonce.raw) } : {}),
  };
}

/** Parses a TimeStampToken (a ContentInfo with SignedData over a TSTInfo). Throws on anything else. */
export function parseTimestampToken(der: Buffer): TimestampToken {
  const signedData = parseSignedData(der);
  if (signedData.eContentType !== Oid.tstInfo || !signedData.eContent) {
    throw new Error('not a timestamp token (eContentType is not id-ct-TSTInfo)');
  }
  return { signedData, tstInfo: parseTstInfo(signedData.eContent) };
}

/** The status and token of a DER TimeStampResp. */
export function parseTimeStampResponse(der: Buffer): { status: number; failInfo?: Buffer; token?: Buffer } {
  const [statusInfo, token] = childrenOf(readElement(der));
  const [status, ...more] = childrenOf(statusInfo);
  const failInfo = more.find((field) => field.tag === Tag.BIT_STRING);
  return {
    status: status.content.length ? status.content[status.content.length - 1] : -1,
    ...(failInfo ? { failInfo: Buffer.from(failInfo.content) } : {}),
    ...(token ? { token: Buffer.from(token.raw) } : {}),
  };
}
