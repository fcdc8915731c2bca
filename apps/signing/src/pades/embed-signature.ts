import { createHash } from 'node:crypto';
import { findByteRange, removeTrailingNewLine, SignPdfError } from '@signpdf/utils';

/** Signs the SHA-256 of the bytes a signature covers; returns the CMS (DER). */
export type DigestSigner = (digest: Buffer) => Promise<Buffer>;

/** A CMS longer than the placeholder made for it (SignPdf.sign's error, with the sizes). */
export class PlaceholderTooSmallError extends SignPdfError {
  constructor(
    readonly cmsBytes: number,
    readonly placeholderBytes: number,
  ) {
    super(`Signature exceeds placeholder length: ${cmsBytes * 2} > ${placeholderBytes * 2}`, SignPdfError.TYPE_INPUT);
  }
}

/**
 * @signpdf/signpdf's `SignPdf.sign` (3.3.0, MIT), writing the same bytes into
 * the file it is given instead of copying it three times: the /ByteRange
 * placeholder is overwritten with the real range (padded with spaces, as
 * there), the two ranges are hashed where they lie, and the signature's hex
 * goes over the start of the /Contents placeholder, whose zeros are already
 * the padding. `pdf` must be a buffer of the caller's own (the output of
 * addSignaturePlaceholder): it is changed. The result is byte for byte what
 * `SignPdf.sign` returns for the same signer (pdf-preparation.spec.ts).
 * `appendedAt`, where the incremental update holding the placeholder starts,
 * spares reading a large file through to find it.
 */
export async function embedSignature(pdfWithPlaceholder: Buffer, signDigest: DigestSigner, appendedAt = 0): Promise<Buffer> {
  const pdf = removeTrailingNewLine(pdfWithPlaceholder);
  // The placeholder is in the section just appended: the signed revisions before it need not be read through.
  const found = findByteRange(pdf.subarray(appendedAt));
  if (!found.byteRangePlaceholder || found.byteRangePlaceholderPosition === undefined) {
    throw new SignPdfError('No ByteRangeStrings found within PDF buffer.', SignPdfError.TYPE_PARSE);
  }
  const byteRangePlaceholder = found.byteRangePlaceholder;
  const byteRangePlaceholderPosition = appendedAt + found.byteRangePlaceholderPosition;
  const byteRangeEnd = byteRangePlaceholderPosition + byteRangePlaceholder.length;
  const contentsTagPos = pdf.indexOf('/Contents ', byteRangeEnd);
  const placeholderPos = pdf.indexOf('<', contentsTagPos);
  const placeholderEnd = pdf.indexOf('>', placeholderPos);
  const placeholderLength = placeholderEnd - 1 - placeholderPos;
  const byteRange = [0, placeholderPos, placeholderEnd + 1, pdf.length - (placeholderEnd + 1)];
  const actualByteRange = `/ByteRange [${byteRange.join(' ')}]`;
  if (actualByteRange.length > byteRangePlaceholder.length) {
    throw new SignPdfError(`The byte range does not fit its placeholder: ${actualByteRange}`, SignPdfError.TYPE_INPUT);
  }
  pdf.write(actualByteRange.padEnd(byteRangePlaceholder.length, ' '), byteRangePlaceholderPosition, 'latin1');

  const digest = createHash('sha256').update(pdf.subarray(0, byteRange[1])).update(pdf.subarray(byteRange[2])).digest();
  const raw = await signDigest(digest);
  if (raw.length * 2 > placeholderLength) {
    throw new PlaceholderTooSmallError(raw.length, Math.floor(placeholderLength / 2));
  }
  pdf.write(raw.toString('hex'), placeholderPos + 1, 'latin1');
  return pdf;
}
