import { AsnConvert, AsnParser } from '@peculiar/asn1-schema';
import { TimeStampResp, TSTInfo } from '@peculiar/asn1-tsp';
import { readElement, Tag, tlv } from '../asn1/der';
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

/** Parses a DER TSTInfo with `@peculiar/asn1-tsp`; throws on anything else. */
export function parseTstInfo(der: Buffer): TstInfo {
  let info: TSTInfo;
  try {
    info = AsnParser.parse(der, TSTInfo);
  } catch (error) {
    throw new Error(`malformed TSTInfo: ${(error as Error).message}`);
  }
  return {
    policy: info.policy,
    hashAlgorithm: info.messageImprint.hashAlgorithm.algorithm,
    hashedMessage: Buffer.from(info.messageImprint.hashedMessage.buffer),
    serialNumber: Buffer.from(info.serialNumber).toString('hex'),
    genTime: info.genTime,
    ...(info.nonce ? { nonce: tlv(Tag.INTEGER, Buffer.from(info.nonce)) } : {}),
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

/**
 * The status and token of a DER TimeStampResp (parsed with `@peculiar/asn1-tsp`: an external TSA's answer is
 * untrusted input). `failInfo` is the PKIFailureInfo BIT STRING's content (unused-bits byte first). Throws when the
 * bytes are not a TimeStampResp.
 */
export function parseTimeStampResponse(der: Buffer): { status: number; failInfo?: Buffer; token?: Buffer } {
  let response: TimeStampResp;
  try {
    response = AsnParser.parse(der, TimeStampResp);
  } catch (error) {
    throw new Error(`not a TimeStampResp: ${(error as Error).message}`);
  }
  const { status, failInfo } = response.status;
  return {
    status,
    ...(failInfo ? { failInfo: Buffer.from(readElement(Buffer.from(AsnConvert.serialize(failInfo))).content) } : {}),
    ...(response.timeStampToken ? { token: Buffer.from(AsnConvert.serialize(response.timeStampToken)) } : {}),
  };
}
