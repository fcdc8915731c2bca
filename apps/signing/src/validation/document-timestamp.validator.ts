import { X509Certificate } from 'node:crypto';
import { DigestAlgorithms } from '../asn1/oids';
import { parseTimestampToken } from '../tsa/timestamp-token.reader';
import { signerCertificateOf } from '../long-term/long-term-state';
import { EmbeddedSignature } from './embedded-signature.extractor';
import { goodOcspAfter } from './ocsp-evidence';
import { checkRevocation, RevocationCheck } from './revocation.checker';
import { laterChanges } from './revision-changes';
import { checksSummary, digestOfRange, signerOf } from './report-parts';
import { verifyTimestampToken } from './timestamp.verifier';
import { SignatureReport } from './validation-report';

export interface DocumentTimestampTrust {
  readonly roots: readonly X509Certificate[];
  readonly intermediates: readonly X509Certificate[];
  readonly crls: readonly Buffer[];
  /** The DSS's OCSP answers: one made after the timestamp proves its TSA certificate good at its time. */
  readonly ocsps?: readonly Buffer[];
}

/**
 * A document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161): its
 * /Contents is a bare RFC 3161 token whose imprint is the hash of the byte
 * range. Checked: the imprint against the file, the token's signature, the
 * TSA certificate (timestamping only) chaining to our root at the stamped
 * time, its revocation then (CRLs, the DSS's included), and what was
 * appended after it (only signatures and validation data may follow).
 */
export async function validateDocumentTimestamp(
  pdf: Buffer,
  signature: EmbeddedSignature,
  trust: DocumentTimestampTrust,
): Promise<SignatureReport> {
  const problems: string[] = [];
  const token = parseTimestampToken(signature.cms);
  const hashName = DigestAlgorithms[token.tstInfo.hashAlgorithm]?.name ?? 'sha256';
  const [a, b, c, d] = signature.byteRange;
  const digest = digestOfRange(pdf, signature.byteRange, hashName);
  const check = verifyTimestampToken(
    signature.cms,
    hashName === 'sha256' ? { sha256: digest } : { data: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]) },
    trust.roots,
    trust.intermediates,
  );
  problems.push(
    ...check.problems.map((problem) =>
      problem === 'the timestamp does not cover this signature value'
        ? 'the document timestamp does not match the document: the bytes it covers were changed'
        : problem,
    ),
  );
  const genTime = token.tstInfo.genTime;
  const tsa = signerCertificateOf(token.signedData);
  const issuer = tsa
    ? [...token.signedData.certificates.map((der) => new X509Certificate(der)), ...trust.intermediates].find(
        (candidate) => tsa.checkIssued(candidate) && tsa.verify(candidate.publicKey),
      )
    : undefined;
  const byCrl = tsa ? await checkRevocation(tsa, issuer, trust.crls, genTime) : { status: 'unknown' as const, problems: [] };
  const byOcsp = tsa && byCrl.status === 'unknown' ? goodOcspAfter(tsa, issuer, trust.ocsps ?? [], genTime) : undefined;
  const revocation: RevocationCheck = byOcsp ? { status: 'good', problems: [], ocspProducedAt: byOcsp.producedAt.toISOString() } : byCrl;
  if (revocation.status === 'revoked') {
    problems.push(...revocation.problems.map((problem) => problem.replace('signer certificate', 'TSA certificate')));
  }
  const changes = laterChanges(pdf, signature.revisionEnd);
  if (changes.verdict === 'other-changes') {
    problems.push('the document was modified after this document timestamp (beyond adding signatures or validation data)');
  }
  const intact = check.imprintMatches && check.signatureValid;
  const status = problems.length > 0 ? 'invalid' : revocation.status === 'unknown' ? 'indeterminate' : 'valid';
  const signer = tsa ? signerOf(tsa) : undefined;
  const summary =
    `Document timestamp ${signature.index} by ${signer?.commonName ?? 'an unknown TSA'} at ${genTime.toISOString()}: ` +
    checksSummary(intact, check.chain?.trusted ?? false, revocation, changes);
  return {
    index: signature.index,
    kind: 'document-timestamp',
    ...(signature.fieldName ? { fieldName: signature.fieldName } : {}),
    status,
    summary,
    ...(signer ? { signer } : {}),
    format: {
      ...(signature.subFilter ? { subFilter: signature.subFilter } : {}),
      level: signature.subFilter === 'ETSI.RFC3161' ? 'PAdES document timestamp' : 'not PAdES',
      signingCertificateV2: 'absent',
      signingTimeAttribute: false,
    },
    integrity: { intact, digestMatches: check.imprintMatches, signatureValid: check.signatureValid },
    signingTime: { proven: genTime.toISOString(), usedForChecks: genTime.toISOString(), basis: 'timestamp' },
    chain: check.chain ?? { trusted: false, path: [], problems: ['no TSA certificate'] },
    revocation,
    timestamp: { present: true, ...check },
    coverage: {
      byteRange: signature.byteRange,
      coversWholeDocument: changes.verdict === 'none',
      revisionEnd: signature.revisionEnd,
      laterChanges: changes,
    },
    problems,
  };
}
