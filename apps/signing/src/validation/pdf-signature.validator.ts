import 'reflect-metadata';
import { createHash, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { DigestAlgorithms, Oid } from '../asn1/oids';
import { checkSignerInfo, SignerInfoCheck } from '../cms/signer-info.verifier';
import { parseSignedData, SignedDataContent } from '../cms/signed-data.reader';
import { verifyChain } from './chain.verifier';
import { EmbeddedSignature, extractSignatures } from './embedded-signature.extractor';
import { goodOcspAfter } from './ocsp-evidence';
import { checkRevocation, RevocationCheck } from './revocation.checker';
import { laterChanges } from './revision-changes';
import { checksSummary, digestOfRange, signerOf } from './report-parts';
import { readDss } from '../long-term/pdf-update';
import { cmsParts, signerCertificateIn } from '../long-term/cms-certificates';
import { validateDocumentTimestamp } from './document-timestamp.validator';
import { verifyTimestampToken } from './timestamp.verifier';
import { LongTermReport, PdfValidationReport, SignatureReport } from './validation-report';

export interface ValidationTrust {
  /** Trust anchors: our root (and any other root the platform accepts). */
  readonly roots: readonly X509Certificate[];
  /** Intermediates not necessarily embedded in the signature (our issuing CA). */
  readonly intermediates?: readonly X509Certificate[];
  /** CRLs (DER) to decide revocation at signing time. */
  readonly crls?: readonly Buffer[];
  /** OCSP answers (a DSS's): one produced after the signing time that says good decides when no CRL does. */
  readonly ocsps?: readonly Buffer[];
  readonly now?: Date;
}

/** KeyUsage, when present, must include digitalSignature or nonRepudiation (RFC 5280 §4.2.1.3). */
function allowsSigning(der: Buffer): boolean {
  const keyUsage = new x509.X509Certificate(der).getExtension(x509.KeyUsagesExtension);
  return !keyUsage || (keyUsage.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0;
}

async function validateOne(pdf: Buffer, signature: EmbeddedSignature, trust: ValidationTrust, now: Date): Promise<SignatureReport> {
  const problems: string[] = [];
  let signedData: SignedDataContent | undefined;
  let check: SignerInfoCheck | undefined;
  try {
    signedData = parseSignedData(signature.cms);
    const signerInfo = signedData.signerInfos[0];
    const digestName = DigestAlgorithms[signerInfo.digestAlgorithm]?.name ?? 'sha256';
    check = checkSignerInfo(signedData, signerInfo, digestOfRange(pdf, signature.byteRange, digestName));
    problems.push(...check.problems);
  } catch (error) {
    problems.push(`the signature's CMS cannot be read: ${(error as Error).message}`);
  }
  const signerInfo = signedData?.signerInfos[0];
  const embedded = (signedData?.certificates ?? []).map((der) => new X509Certificate(der));
  const intermediates = [...embedded, ...(trust.intermediates ?? [])];

  const token = signerInfo?.unsignedAttributes.get(Oid.signatureTimeStampToken)?.[0];
  const timestamp =
    token && signerInfo ? verifyTimestampToken(token, { data: signerInfo.signature }, trust.roots, intermediates) : undefined;
  if (timestamp && !timestamp.valid) {
    problems.push(...timestamp.problems);
  }
  const proven = timestamp?.valid ? timestamp.genTime : undefined;
  const signingTime = proven ?? signature.claimedSigningTime ?? now;
  const basis = proven ? 'timestamp' : signature.claimedSigningTime ? 'claimed' : 'validation time';

  const certificate = check?.signerCertificate;
  const chain = certificate
    ? verifyChain(certificate, intermediates, trust.roots, signingTime)
    : { trusted: false, path: [], problems: ['no signer certificate'] };
  problems.push(...chain.problems);
  const signerDer = check?.signerCertificateDer;
  if (signerDer && !allowsSigning(signerDer)) {
    problems.push('the signer certificate does not allow digital signatures (KeyUsage)');
  }
  const issuer = certificate
    ? intermediates.find((candidate) => certificate.checkIssued(candidate) && certificate.verify(candidate.publicKey))
    : undefined;
  const byCrl = certificate
    ? await checkRevocation(certificate, issuer, trust.crls ?? [], signingTime)
    : { status: 'unknown' as const, problems: [] };
  const byOcsp = certificate && byCrl.status === 'unknown' ? goodOcspAfter(certificate, issuer, trust.ocsps ?? [], signingTime) : undefined;
  const revocation: RevocationCheck = byOcsp ? { status: 'good', problems: [], ocspProducedAt: byOcsp.producedAt.toISOString() } : byCrl;
  problems.push(...revocation.problems.filter(() => revocation.status === 'revoked'));
  if (revocation.status === 'revoked-after-signing' && !proven) {
    problems.push('the certificate was revoked and no timestamp proves the signature was made before');
  }

  const changes = laterChanges(pdf, signature.revisionEnd);
  if (changes.verdict === 'other-changes') {
    problems.push('the document was modified after this signature (beyond adding signatures or validation data)');
  }
  const intact = !!check && check.contentDigestMatches && check.signatureValid && check.contentTypeMatches;
  const sigCertV2 = check?.signingCertificateV2 ?? 'absent';
  const etsi = signature.subFilter === 'ETSI.CAdES.detached' && sigCertV2 === 'matches';
  const level = etsi ? (timestamp?.valid ? 'PAdES-B-T' : 'PAdES-B-B') : 'not PAdES';
  const decided = revocation.status !== 'unknown';
  const status = problems.length > 0 ? 'invalid' : decided ? 'valid' : 'indeterminate';

  const signer = certificate ? signerOf(certificate) : undefined;
  const who = signer
    ? `${signer.commonName ?? signer.subject}${signer.organization ? ` (${signer.organization})` : ''}`
    : 'an unknown signer';
  const summary =
    `Signature ${signature.index} by ${who}, ${basis === 'timestamp' ? 'timestamped' : 'claimed'} at ${signingTime.toISOString()}: ` +
    checksSummary(intact, chain.trusted, revocation, changes);

  return {
    index: signature.index,
    kind: 'signature',
    ...(signature.fieldName ? { fieldName: signature.fieldName } : {}),
    status,
    summary,
    ...(signer ? { signer } : {}),
    format: {
      ...(signature.subFilter ? { subFilter: signature.subFilter } : {}),
      level,
      signingCertificateV2: sigCertV2,
      signingTimeAttribute: check?.hasSigningTime ?? false,
    },
    integrity: { intact, digestMatches: check?.contentDigestMatches ?? false, signatureValid: check?.signatureValid ?? false },
    signingTime: {
      ...(signature.claimedSigningTime ? { claimed: signature.claimedSigningTime.toISOString() } : {}),
      ...(proven ? { proven: proven.toISOString() } : {}),
      usedForChecks: signingTime.toISOString(),
      basis,
    },
    chain,
    revocation,
    timestamp: timestamp ? { present: true, ...timestamp } : { present: false },
    coverage: {
      byteRange: signature.byteRange,
      coversWholeDocument: changes.verdict === 'none',
      revisionEnd: signature.revisionEnd,
      laterChanges: changes,
    },
    problems,
  };
}

/** A signature whose parts cannot even be parsed (e.g. a garbage certificate inside a hostile upload). */
function unreadable(signature: EmbeddedSignature, error: unknown): SignatureReport {
  const problem = `the signature cannot be read: ${(error as Error).message}`;
  return {
    index: signature.index,
    ...(signature.fieldName ? { fieldName: signature.fieldName } : {}),
    status: 'invalid',
    summary: `Signature ${signature.index}: unreadable.`,
    format: {
      ...(signature.subFilter ? { subFilter: signature.subFilter } : {}),
      level: 'not PAdES',
      signingCertificateV2: 'absent',
      signingTimeAttribute: false,
    },
    integrity: { intact: false, digestMatches: false, signatureValid: false },
    signingTime: {
      usedForChecks: (signature.claimedSigningTime ?? new Date()).toISOString(),
      basis: signature.claimedSigningTime ? 'claimed' : 'validation time',
    },
    chain: { trusted: false, path: [], problems: [] },
    revocation: { status: 'unknown', problems: [] },
    timestamp: { present: false },
    coverage: {
      byteRange: signature.byteRange,
      coversWholeDocument: false,
      revisionEnd: signature.revisionEnd,
      laterChanges: { verdict: 'other-changes', addedObjects: [] },
    },
    problems: [problem],
  };
}

/** The end of the TSA certificate that made a timestamp token (undefined if the token does not carry it). */
function tsaEndOf(token: Buffer | undefined): Date | undefined {
  if (!token) {
    return undefined;
  }
  try {
    const certificate = signerCertificateIn(cmsParts(token));
    return certificate ? new Date(certificate.validTo) : undefined;
  } catch {
    return undefined;
  }
}

/** The timestamp each entry rests on: a signature's signature timestamp, a document timestamp's own token. */
function timestampTokenOf(signature: EmbeddedSignature): Buffer | undefined {
  if (signature.type === 'DocTimeStamp') {
    return signature.cms;
  }
  try {
    return cmsParts(signature.cms).timestampTokens[0];
  } catch {
    return undefined;
  }
}

/**
 * The level reached and the proof chain: each timestamp (a signature's, then
 * each document timestamp) must be followed by a valid document timestamp
 * made before its TSA certificate ends, and the last one's must not have ended
 * at the validation time.
 */
function longTermOf(embedded: EmbeddedSignature[], reports: SignatureReport[], hasDss: boolean, now: Date): LongTermReport {
  const timestamps = embedded.filter((signature) => signature.type === 'DocTimeStamp');
  const level = timestamps.length > 0 ? 'B-LTA' : embedded.length === 0 ? 'none' : hasDss ? 'B-LT' : 'B-T';
  const problems: string[] = [];
  const latest = reports.filter((report) => report.kind === 'document-timestamp').pop();
  embedded.forEach((signature, i) => {
    const report = reports[i];
    if (report.status === 'invalid') {
      problems.push(`${report.kind === 'document-timestamp' ? 'document timestamp' : 'signature'} ${report.index} is invalid`);
      return;
    }
    const end = tsaEndOf(timestampTokenOf(signature));
    const nextIndex = embedded.findIndex((other, j) => j > i && other.type === 'DocTimeStamp');
    const next = nextIndex === -1 ? undefined : reports[nextIndex];
    const nextTime = next?.signingTime.proven ? new Date(next.signingTime.proven) : undefined;
    if (!end) {
      problems.push(`${signature.type === 'DocTimeStamp' ? 'document timestamp' : 'signature'} ${report.index} has no timestamp`);
    } else if (nextTime && nextTime >= end) {
      problems.push(`the timestamp of entry ${report.index} ended at ${end.toISOString()}, before the next document timestamp`);
    } else if (!nextTime && now >= end) {
      problems.push(`the timestamp of entry ${report.index} ended at ${end.toISOString()} and no later document timestamp covers it`);
    }
  });
  const proofUntil = latest && timestamps.length > 0 ? tsaEndOf(timestamps[timestamps.length - 1].cms) : undefined;
  return {
    level,
    documentTimestamps: timestamps.length,
    ...(latest?.signingTime.proven ? { latestArchiveTimestamp: latest.signingTime.proven } : {}),
    ...(proofUntil ? { proofUntil: proofUntil.toISOString() } : {}),
    proofChain: { unbroken: embedded.length > 0 && problems.length === 0, problems },
  };
}

/**
 * Validates every signature and document timestamp in a PDF against our
 * trust anchors and CRLs, and the validation data its DSS carries (the
 * certificates and CRLs of its signatures' time, so a long-term file stays
 * verifiable after its certificates ended).
 */
export async function validatePdfSignatures(pdf: Buffer, trust: ValidationTrust): Promise<PdfValidationReport> {
  const now = trust.now ?? new Date();
  const dss = readDss(pdf);
  const dssCertificates = dss.certs.flatMap((der) => {
    try {
      return [new X509Certificate(der)];
    } catch {
      return [];
    }
  });
  const withDss: ValidationTrust = {
    ...trust,
    intermediates: [...(trust.intermediates ?? []), ...dssCertificates.filter((certificate) => certificate.ca)],
    crls: [...(trust.crls ?? []), ...dss.crls],
    ocsps: [...(trust.ocsps ?? []), ...dss.ocsps],
  };
  const embedded = extractSignatures(pdf);
  const signatures: SignatureReport[] = [];
  for (const signature of embedded) {
    const report =
      signature.type === 'DocTimeStamp'
        ? validateDocumentTimestamp(pdf, signature, {
            roots: withDss.roots,
            intermediates: withDss.intermediates ?? [],
            crls: withDss.crls ?? [],
            ocsps: dss.ocsps,
          })
        : validateOne(pdf, signature, withDss, now);
    signatures.push(await report.catch((error: unknown) => unreadable(signature, error)));
  }
  return {
    validatedAt: now.toISOString(),
    fileSize: pdf.length,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    signatureCount: signatures.filter((signature) => signature.kind !== 'document-timestamp').length,
    documentTimestampCount: signatures.filter((signature) => signature.kind === 'document-timestamp').length,
    allValid: signatures.length > 0 && signatures.every((signature) => signature.status === 'valid'),
    signatures,
    longTerm: longTermOf(embedded, signatures, dss.certs.length > 0, now),
  };
}
