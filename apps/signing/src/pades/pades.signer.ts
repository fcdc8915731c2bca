import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { TimestampSource } from '../tsa/timestamp-source';
import { CadesDetachedSigner, SignerIdentity } from './cades-detached.signer';
import { embedSignature } from './embed-signature';
import { assertSignable, repairAppendedTrailer } from './pdf-structure';
import { addSignaturePlaceholder } from './signature-placeholder';

/** What the signature dictionary says besides the signature (the certificate already names the signer). */
export interface SignatureDetails {
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  /** Written as /Name; the signer's user ID is a good choice. */
  readonly name?: string;
  /** The claimed signing time, /M; defaults to now. The timestamp is the proven time. */
  readonly signingTime?: Date;
}

/** A B-T CMS with its chain and token is ≈ 5 KB; 16 KB leaves room for RSA-4096 chains and an external TSA's larger tokens. */
export const DEFAULT_PLACEHOLDER_BYTES = 16_384;

/**
 * placeholder-plain writes strings byte by byte through a UTF-8 Buffer, so
 * non-ASCII text would be mangled in the PDF: keep those fields ASCII (the
 * Japanese names live in the certificate, where validators read them).
 */
function asciiOnly(value: string | undefined): string {
  return value && /^[\x20-\x7e]*$/.test(value) ? value : '';
}

/** placeholder-plain drops one final LF, then one CR, before appending (as @signpdf's removeTrailingNewLine does). */
function lengthWithoutFinalEol(pdf: Buffer): number {
  let length = pdf.length;
  if (pdf[length - 1] === 0x0a) {
    length -= 1;
  }
  if (pdf[length - 1] === 0x0d) {
    length -= 1;
  }
  return length;
}

/**
 * Signs PDFs with one certificate: each call appends an incremental update
 * (placeholder-plain's, by addSignaturePlaceholder) holding a new signature
 * field, so every earlier signature stays valid. The input must be a PDF
 * registered with `preparePdfForSigning`, or the output of an earlier
 * signature.
 */
export class PadesSigner {
  private readonly cmsSigner: CadesDetachedSigner;

  constructor(
    identity: SignerIdentity,
    timestamps: TimestampSource | undefined,
    private readonly placeholderBytes = DEFAULT_PLACEHOLDER_BYTES,
  ) {
    this.cmsSigner = new CadesDetachedSigner(identity, timestamps);
  }

  async sign(pdf: Buffer, details: SignatureDetails = {}): Promise<Buffer> {
    assertSignable(pdf);
    const withPlaceholder = addSignaturePlaceholder({
      pdfBuffer: pdf,
      reason: asciiOnly(details.reason),
      location: asciiOnly(details.location),
      contactInfo: asciiOnly(details.contactInfo),
      name: asciiOnly(details.name),
      signingTime: details.signingTime ?? new Date(),
      signatureLength: this.placeholderBytes,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      appName: 'inkan',
    });
    const appendedAt = lengthWithoutFinalEol(pdf);
    return embedSignature(repairAppendedTrailer(withPlaceholder, appendedAt), (digest) => this.cmsSigner.signDigest(digest), appendedAt);
  }
}
