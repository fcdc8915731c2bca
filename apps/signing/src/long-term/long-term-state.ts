import { X509Certificate } from 'node:crypto';
import { LongTermLevel } from '@app/contracts';
import { cmsParts, genTimeOf, signerCertificateIn } from './cms-certificates';
import { extractSignatures } from '../validation/embedded-signature.extractor';
import { SignedDataContent } from '../cms/signed-data.reader';
import { readElement } from '../asn1/der';

/** What a PDF itself says about its long-term level (the archive record's fields). */
export interface PdfLongTermState {
  readonly level: LongTermLevel | 'none';
  /** The latest document timestamp's genTime. */
  readonly archiveTimestampAt?: Date;
  /** The latest document timestamp's TSA certificate end, capped by `horizon`. */
  readonly proofUntil?: Date;
  readonly documentTimestamps: number;
}

/** A catalog pointing to a /DSS somewhere in the file (the latest catalog wins; a DSS is only ever added). */
function hasDss(pdf: Buffer): boolean {
  const at = pdf.lastIndexOf('/DSS');
  return at !== -1 && /^\/DSS\s+\d+\s+\d+\s+R/.test(pdf.toString('latin1', at, at + 32));
}

/**
 * The level a PDF reaches, read from the file: B-LTA with a document
 * timestamp, B-LT with a DSS, B-T with signatures only ('none' without any).
 */
export function longTermStateOf(pdf: Buffer, horizon: Date): PdfLongTermState {
  const signatures = extractSignatures(pdf);
  const timestamps = signatures.filter((signature) => signature.type === 'DocTimeStamp');
  const latest = timestamps[timestamps.length - 1];
  if (latest) {
    const token = cmsParts(latest.cms);
    const tsa = signerCertificateIn(token);
    const tsaEnd = tsa ? new Date(tsa.validTo) : horizon;
    return {
      level: 'B-LTA',
      archiveTimestampAt: genTimeOf(token),
      proofUntil: tsaEnd < horizon ? tsaEnd : horizon,
      documentTimestamps: timestamps.length,
    };
  }
  if (signatures.length === 0) {
    return { level: 'none', documentTimestamps: 0 };
  }
  return { level: hasDss(pdf) ? 'B-LT' : 'B-T', documentTimestamps: 0 };
}

/** The certificate that signed a SignedData (matched by serial number), if it is among its certificates. */
export function signerCertificateOf(signedData: SignedDataContent): X509Certificate | undefined {
  const serial = signedData.signerInfos[0]?.sidSerial;
  if (!serial) {
    return undefined;
  }
  const wanted = Buffer.from(readElement(serial).content)
    .toString('hex')
    .replace(/^(00)+(?=..)/, '')
    .toUpperCase();
  for (const der of signedData.certificates) {
    const certificate = new X509Certificate(der);
    if (certificate.serialNumber.toUpperCase().replace(/^(00)+(?=..)/, '') === wanted) {
      return certificate;
    }
  }
  return undefined;
}
