import { createHash, KeyObject } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import { Oid } from '../asn1/oids';
import { attribute, CmsSignerTemplate } from '../cms/cms-signer.template';
import { TimestampSource } from '../tsa/timestamp-source';

/** A signer's key and certificates, as the signing service holds them after unwrapping. */
export interface SignerIdentity {
  readonly privateKey: KeyObject;
  /** The signer's certificate, DER. */
  readonly certificate: Buffer;
  /** Certificates to embed above it (the issuing CA), DER; the root is the verifier's trust anchor. */
  readonly chain: readonly Buffer[];
}

/**
 * The CMS for PAdES baseline B-T (SubFilter ETSI.CAdES.detached): signed
 * attributes content-type, message-digest and signing-certificate-v2 — no
 * signing-time, PAdES carries the claimed time in the signature dictionary's
 * /M — and an RFC 3161 timestamp over the signature value as the unsigned
 * attribute signature-time-stamp. Without a timestamp source it makes B-B.
 *
 * One instance per certificate, reused for every document: @signpdf calls
 * `sign` with the bytes the ByteRange covers, embedSignature `signDigest`
 * with their hash.
 */
export class CadesDetachedSigner extends Signer {
  private readonly template: CmsSignerTemplate;

  constructor(
    identity: SignerIdentity,
    private readonly timestamps?: TimestampSource,
  ) {
    super();
    this.template = new CmsSignerTemplate(identity.privateKey, [identity.certificate, ...identity.chain], Oid.data);
  }

  override sign(content: Buffer): Promise<Buffer> {
    return this.signDigest(createHash('sha256').update(content).digest());
  }

  /** The CMS over content whose SHA-256 is `digest` (the message-digest attribute). */
  async signDigest(digest: Buffer): Promise<Buffer> {
    const signed = await this.template.signInBackground(digest);
    if (!this.timestamps) {
      return this.template.encode(signed);
    }
    const token = await this.timestamps.timestampSha256(createHash('sha256').update(signed.signature).digest());
    return this.template.encode(signed, { unsignedAttributes: [attribute(Oid.signatureTimeStampToken, token)] });
  }
}
