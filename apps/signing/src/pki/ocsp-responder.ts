import { createHash, KeyObject, sign } from 'node:crypto';
import * as ocsp from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, CRLReason, CRLReasons, Extension } from '@peculiar/asn1-x509';
import { keyAlgorithmOf } from './key-algorithm';

/** What the CA's records say about one serial number it may have issued. */
export type OcspCertificateStatus =
  | { readonly status: 'good' }
  | {
      readonly status: 'revoked';
      readonly revokedAt: Date;
      /** A CRLReason name as the certificates table keeps it (e.g. keyCompromise); `unspecified` or unknown names are left out, as RFC 5280 asks. */
      readonly reason?: string;
    }
  /** Never issued by this CA (as far as its records go). */
  | { readonly status: 'unknown' };

/** A CA the responder answers for; responses about its certificates are signed with its own key (RFC 6960 §4.2.2.2, case 1). */
export interface OcspAuthority {
  /** The CA certificate, DER. */
  readonly certificate: Buffer;
  readonly privateKey: KeyObject;
  /** `serialNumber` is upper-case hex without leading zero bytes, as the certificates table keeps it. */
  readonly status: (serialNumber: string) => Promise<OcspCertificateStatus>;
}

export interface OcspResponderOptions {
  /** nextUpdate − thisUpdate of each answer: how long a relying party may cache it (default 1 hour). */
  readonly validityMs?: number;
  readonly clock?: () => Date;
  /** Called when the status lookup failed (the client gets `tryLater`); never given the request's bytes. */
  readonly onLookupError?: (error: unknown) => void;
}

/** More CertIDs than any client asks at once (openssl sends one per -cert); a bigger list is refused as malformed. */
export const OCSP_MAX_REQUESTS = 32;

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SHA1_OID = '1.3.14.3.2.26';

interface Issuer {
  readonly authority: OcspAuthority;
  readonly subjectDer: Buffer;
  readonly publicKeyBits: Buffer;
  /** byKey ResponderID: SHA-1 of the public key bits, as RFC 6960 §4.2.1 defines it. */
  readonly keyHash: Buffer;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly digest: string;
}

/**
 * An RFC 6960 OCSP responder for the platform's CAs. Requests are parsed
 * with @peculiar/asn1-ocsp (never by hand: they come from anyone); every
 * answer is an OCSPResponse, an error status for what cannot be answered, so
 * a bad request never becomes an HTTP 500. Each response is signed fresh
 * (it echoes the client's nonce) and reflects the records at that moment.
 */
export class OcspResponder {
  private readonly issuers: readonly Issuer[];

  constructor(
    authorities: readonly OcspAuthority[],
    private readonly options: OcspResponderOptions = {},
  ) {
    this.issuers = authorities.map((authority) => issuerOf(authority));
  }

  /** The DER OCSPResponse for a DER OCSPRequest, whatever the request holds. */
  async respond(requestDer: Uint8Array): Promise<Buffer> {
    let request: ocsp.OCSPRequest;
    try {
      request = AsnConvert.parse(requestDer, ocsp.OCSPRequest);
    } catch {
      return errorResponse(ocsp.OCSPResponseStatus.malformedRequest);
    }
    const list = request.tbsRequest.requestList;
    if (list.length === 0 || list.length > OCSP_MAX_REQUESTS) {
      return errorResponse(ocsp.OCSPResponseStatus.malformedRequest);
    }
    const nonce = request.tbsRequest.requestExtensions?.find((extension) => extension.extnID === ocsp.id_pkix_ocsp_nonce);
    return this.answer(
      list.map((entry) => entry.reqCert),
      nonce,
    );
  }

  /**
   * A response about one certificate issued by one of our CAs, without a
   * nonce: the validation data a DSS embeds for an end-entity certificate.
   */
  async responseFor(certificateDer: Uint8Array): Promise<Buffer> {
    const certificate = AsnConvert.parse(certificateDer, Certificate);
    const issuerDer = Buffer.from(AsnConvert.serialize(certificate.tbsCertificate.issuer));
    const issuer = this.issuers.find((candidate) => candidate.subjectDer.equals(issuerDer));
    if (!issuer) {
      throw new Error('the certificate was not issued by a CA this responder answers for');
    }
    const certId = new ocsp.CertID({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1_OID, parameters: null }),
      issuerNameHash: new OctetString(createHash('sha1').update(issuer.subjectDer).digest()),
      issuerKeyHash: new OctetString(issuer.keyHash),
      serialNumber: certificate.tbsCertificate.serialNumber,
    });
    return this.answer([certId], undefined);
  }

  private async answer(certIds: readonly ocsp.CertID[], nonce: Extension | undefined): Promise<Buffer> {
    const issuers = certIds.map((certId) => this.issuerFor(certId));
    const signer = issuers[0];
    // One response has one signer: every CertID must name the same CA of ours.
    if (!signer || issuers.some((issuer) => issuer !== signer)) {
      return errorResponse(ocsp.OCSPResponseStatus.unauthorized);
    }
    let statuses: OcspCertificateStatus[];
    try {
      statuses = await Promise.all(certIds.map((certId) => signer.authority.status(serialHex(certId.serialNumber))));
    } catch (error) {
      this.options.onLookupError?.(error);
      return errorResponse(ocsp.OCSPResponseStatus.tryLater);
    }
    // GeneralizedTime without fractions: some clients refuse them.
    const now = wholeSeconds((this.options.clock ?? (() => new Date()))());
    const nextUpdate = new Date(now.getTime() + (this.options.validityMs ?? 3_600_000));
    const data = new ocsp.ResponseData({
      responderID: new ocsp.ResponderID({ byKey: new ocsp.KeyHash(signer.keyHash) }),
      producedAt: now,
      responses: certIds.map(
        (certId, index) =>
          new ocsp.SingleResponse({ certID: certId, certStatus: certStatus(statuses[index]), thisUpdate: now, nextUpdate }),
      ),
      ...(nonce ? { responseExtensions: [nonce] } : {}),
    });
    const tbs = Buffer.from(AsnConvert.serialize(data));
    const basic = new ocsp.BasicOCSPResponse({
      tbsResponseData: data,
      signatureAlgorithm: signer.signatureAlgorithm,
      signature: new Uint8Array(sign(signer.digest, tbs, signer.authority.privateKey)).buffer,
    });
    const response = new ocsp.OCSPResponse({
      responseStatus: ocsp.OCSPResponseStatus.successful,
      responseBytes: new ocsp.ResponseBytes({
        responseType: ocsp.id_pkix_ocsp_basic,
        response: new OctetString(AsnConvert.serialize(basic)),
      }),
    });
    return Buffer.from(AsnConvert.serialize(response));
  }

  private issuerFor(certId: ocsp.CertID): Issuer | undefined {
    const hash = HASHES[certId.hashAlgorithm.algorithm];
    if (!hash) {
      return undefined;
    }
    const nameHash = Buffer.from(certId.issuerNameHash.buffer);
    const keyHash = Buffer.from(certId.issuerKeyHash.buffer);
    return this.issuers.find(
      (issuer) =>
        createHash(hash).update(issuer.subjectDer).digest().equals(nameHash) &&
        createHash(hash).update(issuer.publicKeyBits).digest().equals(keyHash),
    );
  }
}

function issuerOf(authority: OcspAuthority): Issuer {
  const certificate = AsnConvert.parse(authority.certificate, Certificate);
  const publicKeyBits = Buffer.from(certificate.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const algorithm = keyAlgorithmOf(authority.privateKey);
  const digest = algorithm === 'ecdsa-p384' ? 'sha384' : 'sha256';
  const signatureAlgorithm = algorithm.startsWith('ecdsa')
    ? new AlgorithmIdentifier({ algorithm: digest === 'sha384' ? '1.2.840.10045.4.3.3' : '1.2.840.10045.4.3.2' })
    : new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null });
  return {
    authority,
    subjectDer: Buffer.from(AsnConvert.serialize(certificate.tbsCertificate.subject)),
    publicKeyBits,
    keyHash: createHash('sha1').update(publicKeyBits).digest(),
    signatureAlgorithm,
    digest,
  };
}

function certStatus(status: OcspCertificateStatus): ocsp.CertStatus {
  switch (status.status) {
    case 'good':
      return new ocsp.CertStatus({ good: null });
    case 'revoked': {
      const code: unknown = status.reason ? CRLReasons[status.reason as keyof typeof CRLReasons] : undefined;
      const reason = typeof code === 'number' && code > 0 ? (code as CRLReasons) : undefined;
      return new ocsp.CertStatus({
        revoked: new ocsp.RevokedInfo({
          revocationTime: wholeSeconds(status.revokedAt),
          ...(reason ? { revocationReason: new CRLReason(reason) } : {}),
        }),
      });
    }
    case 'unknown':
      return new ocsp.CertStatus({ unknown: null });
  }
}

function errorResponse(status: ocsp.OCSPResponseStatus): Buffer {
  return Buffer.from(AsnConvert.serialize(new ocsp.OCSPResponse({ responseStatus: status })));
}

/** The INTEGER's magnitude as upper-case hex without leading zero bytes. */
function serialHex(serial: ArrayBuffer): string {
  const bytes = Buffer.from(serial);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) {
    start += 1;
  }
  return bytes.subarray(start).toString('hex').toUpperCase();
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
