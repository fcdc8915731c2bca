import { createHash, X509Certificate } from 'node:crypto';
import { DigestAlgorithms, Oid } from '../asn1/oids';
import { checkSignerInfo } from '../cms/signer-info.verifier';
import { parseTimestampToken } from '../tsa/timestamp-token.reader';
import { ChainCheck, subjectLine, verifyChain } from './chain.verifier';

export interface TimestampCheck {
  readonly valid: boolean;
  readonly time?: string;
  readonly tsa?: string;
  readonly serialNumber?: string;
  readonly policy?: string;
  readonly imprintMatches: boolean;
  readonly signatureValid: boolean;
  readonly timeStampingUsage: boolean;
  readonly chain?: ChainCheck;
  readonly problems: string[];
  /** The proven time, for checking the signer's certificate and revocation at that moment. */
  readonly genTime?: Date;
}

/**
 * Checks a TimeStampToken: it stamps `stamped` (data hashed with the token's
 * algorithm, or a SHA-256 digest), its CMS signature verifies, its certificate is for
 * timestamping and chains to a trusted root at the stamped time.
 */
export function verifyTimestampToken(
  token: Buffer,
  stamped: { data: Buffer } | { sha256: Buffer },
  roots: readonly X509Certificate[],
  intermediates: readonly X509Certificate[] = [],
): TimestampCheck {
  let parsed;
  try {
    parsed = parseTimestampToken(token);
  } catch (error) {
    return {
      valid: false,
      imprintMatches: false,
      signatureValid: false,
      timeStampingUsage: false,
      problems: [`unreadable timestamp token: ${(error as Error).message}`],
    };
  }
  const { signedData, tstInfo } = parsed;
  const problems: string[] = [];
  const hashName = DigestAlgorithms[tstInfo.hashAlgorithm]?.name;
  const expected =
    'sha256' in stamped
      ? tstInfo.hashAlgorithm === Oid.sha256
        ? stamped.sha256
        : undefined
      : hashName && createHash(hashName).update(stamped.data).digest();
  const imprintMatches = !!expected && expected.equals(tstInfo.hashedMessage);
  if (!imprintMatches) {
    problems.push('the timestamp does not cover this signature value');
  }
  const signerInfo = signedData.signerInfos[0];
  const digestName = signerInfo ? DigestAlgorithms[signerInfo.digestAlgorithm]?.name : undefined;
  const check =
    signerInfo && digestName && signedData.eContent
      ? checkSignerInfo(signedData, signerInfo, createHash(digestName).update(signedData.eContent).digest())
      : undefined;
  const signatureValid = !!check && check.signatureValid && check.contentDigestMatches && check.contentTypeMatches;
  if (!signatureValid) {
    problems.push(...(check?.problems.map((problem) => `timestamp: ${problem}`) ?? ['timestamp: no signer info']));
  }
  const certificate = check?.signerCertificate;
  const timeStampingUsage = !!certificate && (certificate.keyUsage ?? []).length === 1 && certificate.keyUsage[0] === Oid.ekuTimeStamping;
  if (certificate && !timeStampingUsage) {
    problems.push('the timestamp certificate is not a (sole-purpose) timestamping certificate');
  }
  const others = signedData.certificates.map((der) => new X509Certificate(der));
  const chain = certificate ? verifyChain(certificate, [...others, ...intermediates], roots, tstInfo.genTime) : undefined;
  if (chain && !chain.trusted) {
    problems.push(...chain.problems.map((problem) => `timestamp: ${problem}`));
  }
  return {
    valid: problems.length === 0,
    time: tstInfo.genTime.toISOString(),
    genTime: tstInfo.genTime,
    ...(certificate ? { tsa: subjectLine(certificate) } : {}),
    serialNumber: tstInfo.serialNumber,
    policy: tstInfo.policy,
    imprintMatches,
    signatureValid,
    timeStampingUsage,
    ...(chain ? { chain } : {}),
    problems,
  };
}
