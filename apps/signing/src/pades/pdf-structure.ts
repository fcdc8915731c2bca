import { signingError } from './signing.errors';

const EOF_MARKER = Buffer.from('%%EOF');

/** A PDF's tail without the end-of-line after the last %%EOF, or undefined if it does not end with %%EOF. */
export function withoutTrailingEol(pdf: Buffer): Buffer | undefined {
  let end = pdf.length;
  while (end > 0 && (pdf[end - 1] === 0x0a || pdf[end - 1] === 0x0d || pdf[end - 1] === 0x20)) {
    end -= 1;
  }
  return end >= EOF_MARKER.length && pdf.subarray(end - EOF_MARKER.length, end).equals(EOF_MARKER) ? pdf.subarray(0, end) : undefined;
}

/**
 * Whether a PDF we wrote (registered or signed here) carries signatures, by
 * a byte search from the end: a signed file's latest signature is in its
 * last section, so a large PDF is not read through. Text can contain the
 * same bytes, so uploads are decided from their parsed structure instead
 * (containsSignature, in the PDF sandbox); here a false positive only picks
 * which refusal assertSignable names.
 */
export function hasSignatures(pdf: Buffer): boolean {
  return pdf.lastIndexOf('/ByteRange') !== -1;
}

/**
 * The cheap structural check before each signature: what placeholder-plain
 * can append to. The last cross-reference section must be a classic `xref`
 * table with a `trailer` (not a cross-reference stream), and a file that
 * already carries signatures must end exactly at `%%EOF`, as ours do:
 * @signpdf strips a trailing end-of-line, which would break a signature
 * another tool made over the whole file.
 */
export function assertSignable(pdf: Buffer): void {
  if (pdf.subarray(0, 1024).indexOf('%PDF-') === -1) {
    throw signingError('PDF_MALFORMED');
  }
  const trimmed = withoutTrailingEol(pdf);
  if (!trimmed) {
    throw signingError('PDF_MALFORMED');
  }
  const signed = hasSignatures(pdf);
  if (signed && trimmed.length !== pdf.length) {
    throw signingError('PDF_SIGNED_ELSEWHERE');
  }
  const startxref = trimmed.lastIndexOf('startxref');
  const offset =
    startxref === -1
      ? NaN
      : Number.parseInt(
          trimmed
            .subarray(startxref + 9, trimmed.length - 5)
            .toString('latin1')
            .trim(),
          10,
        );
  // placeholder-plain's startxref points at the end-of-line before `xref`; readers skip that whitespace, and so do we.
  const classic =
    Number.isInteger(offset) &&
    offset >= 0 &&
    offset < startxref &&
    /^\s*xref/.test(trimmed.subarray(offset, offset + 8).toString('latin1'));
  const trailer = trimmed.lastIndexOf('trailer');
  if (!classic || trailer < offset) {
    throw signingError(signed ? 'PDF_SIGNED_ELSEWHERE' : 'PDF_NOT_PREPARED');
  }
  if (trimmed.subarray(trailer).includes('/Encrypt')) {
    throw signingError('PDF_ENCRYPTED');
  }
}
