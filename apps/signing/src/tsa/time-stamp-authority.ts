import { createHash, KeyObject, randomBytes } from 'node:crypto';
import { generalizedTime, octetString, oid, sequence, tlv, unsignedInteger } from '../asn1/der';
import { Oid } from '../asn1/oids';
import { CmsSignerTemplate } from '../cms/cms-signer.template';
import { parseTimeStampRequest, TimeStampRequest, TimeStampRequestError } from './time-stamp-request';

export interface TimeStampAuthorityOptions {
  /** The TSA certificate (EKU timeStamping, critical), DER. */
  readonly certificate: Buffer;
  /** Further certificates to put in tokens when the request asks for them: the issuing CA, so a token verifies on its own. */
  readonly chain?: readonly Buffer[];
  readonly privateKey: KeyObject;
  /** The TSA policy OID written into every TSTInfo. */
  readonly policy: string;
  /** Declared accuracy of our clock, in milliseconds (default 1000). */
  readonly accuracyMs?: number;
  readonly clock?: () => Date;
}

/** A TSA policy OID under the UUID arc 2.25 (ITU-T X.667), which anyone may mint without registration. */
export const DEFAULT_TSA_POLICY = '2.25.182851163290839521378342637064434963302';

export interface IssuedTimestamp {
  readonly token: Buffer;
  readonly genTime: Date;
  readonly serialNumber: string;
}

const FAILURE_BITS = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  systemFailure: 25,
} as const;

/**
 * An RFC 3161 time-stamp authority. The signed-data template is built once;
 * a token costs one TSTInfo encoding, two SHA-256 and one signature.
 */
export class TimeStampAuthority {
  private readonly template: CmsSignerTemplate;
  private readonly policyOid: Buffer;
  private readonly accuracy: Buffer;
  private readonly sha256Algorithm = sequence(oid(Oid.sha256));

  constructor(private readonly options: TimeStampAuthorityOptions) {
    this.template = new CmsSignerTemplate(options.privateKey, [options.certificate, ...(options.chain ?? [])], Oid.tstInfo);
    this.policyOid = oid(options.policy);
    const ms = options.accuracyMs ?? 1000;
    // Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] IMPLICIT INTEGER (1..999) OPTIONAL }
    const seconds = Math.floor(ms / 1000);
    const millis = ms % 1000;
    this.accuracy = sequence(
      ...(seconds ? [unsignedInteger(seconds)] : []),
      ...(millis ? [tlv(0x80, unsignedInteger(millis).subarray(2))] : []),
    );
  }

  /** The TSA's certificate (DER), e.g. for the OCSP responder to vouch for it. */
  get certificate(): Buffer {
    return this.options.certificate;
  }

  /** The policy OID written into every TSTInfo. */
  get policy(): string {
    return this.options.policy;
  }

  /** Stamps a request already parsed (in-process callers skip DER entirely with `stampSha256`). */
  stamp(request: TimeStampRequest): IssuedTimestamp {
    if (request.reqPolicy && request.reqPolicy !== this.options.policy) {
      throw new TimeStampRequestError('unacceptedPolicy', `this TSA only issues under policy ${this.options.policy}`);
    }
    if (request.hasExtensions) {
      throw new TimeStampRequestError('unacceptedExtension', 'this TSA supports no request extensions');
    }
    const genTime = (this.options.clock ?? (() => new Date()))();
    const serial = randomBytes(16);
    serial[0] &= 0x7f;
    const tstInfo = sequence(
      unsignedInteger(1),
      this.policyOid,
      sequence(request.hashAlgorithmRaw ?? this.sha256Algorithm, octetString(request.hashedMessage)),
      unsignedInteger(serial),
      generalizedTime(genTime),
      this.accuracy,
      ...(request.nonce ? [request.nonce] : []),
    );
    const signed = this.template.sign(createHash('sha256').update(tstInfo).digest());
    const token = this.template.encode(signed, { eContent: tstInfo, withCertificates: request.certReq });
    return { token, genTime, serialNumber: serial.toString('hex') };
  }

  /** A token over a SHA-256 digest, certificate included: what our PAdES signer asks for. */
  stampSha256(digest: Buffer): IssuedTimestamp {
    return this.stamp({ hashAlgorithm: Oid.sha256, hashedMessage: digest, certReq: true });
  }

  /** DER TimeStampReq in, DER TimeStampResp out; a bad request gets a rejection response, never an exception. */
  respond(requestDer: Buffer): Buffer {
    try {
      const { token } = this.stamp(parseTimeStampRequest(requestDer));
      return sequence(sequence(unsignedInteger(0)), token);
    } catch (error) {
      const failure = error instanceof TimeStampRequestError ? error.failure : 'systemFailure';
      const text = error instanceof TimeStampRequestError ? error.message : 'the time-stamp authority failed';
      return rejection(FAILURE_BITS[failure], text);
    }
  }
}

function rejection(bit: number, text: string): Buffer {
  const bytes = Buffer.alloc((bit >> 3) + 1);
  bytes[bit >> 3] = 0x80 >> (bit & 7);
  const failInfo = tlv(0x03, Buffer.from([7 - (bit & 7)]), bytes);
  const statusString = sequence(tlv(0x0c, Buffer.from(text, 'utf8')));
  return sequence(sequence(unsignedInteger(2), statusString, failInfo));
}
