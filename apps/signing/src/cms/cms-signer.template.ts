import { createHash, KeyObject, sign } from 'node:crypto';
import { derNull, explicit, octetString, oid, sequence, setOf, tlv, unsignedInteger } from '../asn1/der';
import { Oid } from '../asn1/oids';
import { CertificateFields, certificateFields } from './certificate-fields';

const DIGEST_LENGTH = 32;

/** The signed attributes of one signature (tagged as a SET, the form that is signed) and the signature value. */
export interface CmsSignature {
  readonly signedAttributes: Buffer;
  readonly signature: Buffer;
}

export function attribute(type: string, ...values: Buffer[]): Buffer {
  return sequence(oid(type), setOf(...values));
}

/** ESS signing-certificate-v2 (RFC 5035) naming the signer's certificate by SHA-256 hash and issuer/serial. */
export function signingCertificateV2(certificate: CertificateFields): Buffer {
  const hash = createHash('sha256').update(certificate.der).digest();
  // [4] directoryName inside GeneralNames; the hash algorithm is omitted because SHA-256 is the DEFAULT.
  const issuerSerial = sequence(sequence(tlv(0xa4, certificate.issuer)), certificate.serial);
  return attribute(Oid.signingCertificateV2, sequence(sequence(sequence(octetString(hash), issuerSerial))));
}

/**
 * A CMS SignedData encoder for one signing key, prepared once and reused for
 * every document. Everything that depends only on the key and certificates
 * (the certificate set, the signer identifier, the signing-certificate-v2
 * attribute) is encoded up front; per document only the message digest is
 * spliced into the signed attributes, which are then signed. The signed
 * attributes are signed in their SET form (tag 0x31) but carried in the
 * SignerInfo as [0] IMPLICIT, hence two prefixes that differ in one byte.
 */
export class CmsSignerTemplate {
  private readonly setPrefix: Buffer;
  private readonly implicitPrefix: Buffer;
  private readonly suffix: Buffer;
  private readonly signerInfoHead: Buffer;
  private readonly signatureAlgorithm: Buffer;
  private readonly digestAlgorithms: Buffer;
  private readonly certificateSet: Buffer;
  private readonly version: Buffer;

  constructor(
    private readonly privateKey: KeyObject,
    /** The signer's certificate first, then the chain to include (DER). */
    certificates: readonly Buffer[],
    private readonly contentType: string,
  ) {
    const signer = certificateFields(certificates[0]);
    const digestAlgorithm = sequence(oid(Oid.sha256));
    this.digestAlgorithms = setOf(digestAlgorithm);
    this.signatureAlgorithm =
      privateKey.asymmetricKeyType === 'ec' ? sequence(oid(Oid.ecdsaWithSha256)) : sequence(oid(Oid.sha256WithRsa), derNull());
    this.certificateSet = tlv(0xa0, ...certificates);
    // RFC 5652 §5.1: version 3 when the content is not id-data.
    this.version = unsignedInteger(contentType === Oid.data ? 1 : 3);
    this.signerInfoHead = Buffer.concat([unsignedInteger(1), sequence(signer.issuer, signer.serial), digestAlgorithm]);

    const placeholder = Buffer.alloc(DIGEST_LENGTH);
    const messageDigest = attribute(Oid.messageDigest, octetString(placeholder));
    const attributes = setOf(attribute(Oid.contentType, oid(contentType)), messageDigest, signingCertificateV2(signer));
    // The digest is the last DIGEST_LENGTH bytes of the messageDigest attribute; DER sorting is stable because its length is fixed.
    const at = attributes.indexOf(messageDigest) + messageDigest.length - DIGEST_LENGTH;
    this.setPrefix = attributes.subarray(0, at);
    this.implicitPrefix = Buffer.from(this.setPrefix);
    this.implicitPrefix[0] = 0xa0;
    this.suffix = attributes.subarray(at + DIGEST_LENGTH);
  }

  /** Signs the content's SHA-256 digest: one private-key operation. */
  sign(contentDigest: Buffer): CmsSignature {
    const signedAttributes = this.signedAttributesOf(contentDigest);
    return { signedAttributes, signature: sign('sha256', signedAttributes, this.privateKey) };
  }

  /**
   * `sign` with the private-key operation on libuv's thread pool instead of
   * the caller's thread: an RSA-2048 signature is most of a document's work in
   * a signing worker, whose one JavaScript thread meanwhile prepares, stores and
   * records the other documents under way.
   */
  signInBackground(contentDigest: Buffer): Promise<CmsSignature> {
    const signedAttributes = this.signedAttributesOf(contentDigest);
    return new Promise((resolve, reject) =>
      sign('sha256', signedAttributes, this.privateKey, (error, signature) =>
        error ? reject(error) : resolve({ signedAttributes, signature }),
      ),
    );
  }

  private signedAttributesOf(contentDigest: Buffer): Buffer {
    if (contentDigest.length !== DIGEST_LENGTH) {
      throw new Error('expected a SHA-256 digest');
    }
    return Buffer.concat([this.setPrefix, contentDigest, this.suffix]);
  }

  /** The ContentInfo: detached unless `eContent` is given; unsigned attributes as encoded Attribute SEQUENCEs. */
  encode(signed: CmsSignature, options: { eContent?: Buffer; unsignedAttributes?: Buffer[]; withCertificates?: boolean } = {}): Buffer {
    const signedAttributes = Buffer.concat([this.implicitPrefix, signed.signedAttributes.subarray(this.setPrefix.length)]);
    const unsigned = options.unsignedAttributes?.length
      ? [tlv(0xa1, ...[...options.unsignedAttributes].sort((a, b) => Buffer.compare(a, b)))]
      : [];
    const signerInfo = sequence(this.signerInfoHead, signedAttributes, this.signatureAlgorithm, octetString(signed.signature), ...unsigned);
    const encapsulated = options.eContent
      ? sequence(oid(this.contentType), explicit(0, octetString(options.eContent)))
      : sequence(oid(this.contentType));
    const certificates = options.withCertificates === false ? [] : [this.certificateSet];
    const signedData = sequence(this.version, this.digestAlgorithms, encapsulated, ...certificates, setOf(signerInfo));
    return sequence(oid(Oid.signedData), explicit(0, signedData));
  }
}
