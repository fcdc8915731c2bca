import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { TimestampSource } from '../tsa/timestamp-source';
import { CadesDetachedSigner, SignerIdentity } from './cades-detached.signer';
import { embedSignature, PlaceholderTooSmallError } from './embed-signature';
import { assertSignable } from './pdf-structure';
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
 * Room beside the largest CMS a signer has made, for its next placeholder: an
 * ECDSA signature or a token varies by a few bytes, a renewed TSA certificate
 * by a few hundred. A CMS that still outgrows it is made again in a
 * placeholder sized for it.
 */
export const PLACEHOLDER_SLACK_BYTES = 2_048;

/** The largest placeholder a signer sizes for itself (an external TSA answering with an unusually long chain). */
const MAX_PLACEHOLDER_BYTES = 65_536;

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
 *
 * The signature's placeholder is sized to fit: the first signature gets
 * DEFAULT_PLACEHOLDER_BYTES, each later one the largest CMS this signer has
 * made so far plus PLACEHOLDER_SLACK_BYTES (a CMS is written as hex, and the
 * unused rest of the placeholder stays in the file as zeros: about 20 KB less
 * per signature). Should a CMS outgrow its placeholder (a TSA's longer chain),
 * the signature is made again in one sized for it. `placeholderBytes` fixes
 * the size instead.
 */
export class PadesSigner {
  private readonly cmsSigner: CadesDetachedSigner;
  /** The largest CMS made so far, in bytes (0: none yet). */
  private largestCms = 0;

  constructor(
    identity: SignerIdentity,
    timestamps: TimestampSource | undefined,
    private readonly placeholderBytes?: number,
  ) {
    this.cmsSigner = new CadesDetachedSigner(identity, timestamps);
  }

  /** The placeholder the next signature gets, in bytes of CMS. */
  get nextPlaceholderBytes(): number {
    if (this.placeholderBytes !== undefined) {
      return this.placeholderBytes;
    }
    return this.largestCms === 0 ? DEFAULT_PLACEHOLDER_BYTES : Math.min(MAX_PLACEHOLDER_BYTES, this.largestCms + PLACEHOLDER_SLACK_BYTES);
  }

  async sign(pdf: Buffer, details: SignatureDetails = {}): Promise<Buffer> {
    assertSignable(pdf);
    const placeholderBytes = this.nextPlaceholderBytes;
    try {
      return await this.signWithPlaceholder(pdf, details, placeholderBytes);
    } catch (error) {
      // The CMS that did not fit is now the largest: the next placeholder holds it.
      if (error instanceof PlaceholderTooSmallError && this.nextPlaceholderBytes > placeholderBytes) {
        return this.signWithPlaceholder(pdf, details, this.nextPlaceholderBytes);
      }
      throw error;
    }
  }

  private async signWithPlaceholder(pdf: Buffer, details: SignatureDetails, placeholderBytes: number): Promise<Buffer> {
    const withPlaceholder = addSignaturePlaceholder(
      {
        pdfBuffer: pdf,
        reason: asciiOnly(details.reason),
        location: asciiOnly(details.location),
        contactInfo: asciiOnly(details.contactInfo),
        name: asciiOnly(details.name),
        signingTime: details.signingTime ?? new Date(),
        signatureLength: placeholderBytes,
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
        appName: 'inkan',
      },
      { repairTrailer: true },
    );
    const appendedAt = lengthWithoutFinalEol(pdf);
    const signDigest = async (digest: Buffer) => {
      const cms = await this.cmsSigner.signDigest(digest);
      this.largestCms = Math.max(this.largestCms, cms.length);
      return cms;
    };
    return embedSignature(withPlaceholder, signDigest, appendedAt);
  }
}
