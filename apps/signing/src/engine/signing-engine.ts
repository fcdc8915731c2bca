import { createHash, X509Certificate } from 'node:crypto';
import { SignerIdentity } from '../pades/cades-detached.signer';
import { PadesSigner } from '../pades/pades.signer';
import { CertificateAuthority } from '../pki/certificate-authority';
import { DEFAULT_TSA_POLICY, TimeStampAuthority } from '../tsa/time-stamp-authority';
import { HandleTimestampQuery, timestampQueryHandler } from '../tsa/timestamp-query.handler';
import { LocalTimestampSource, TimestampSource } from '../tsa/timestamp-source';
import { PdfValidationReport } from '../validation/validation-report';
import { validatePdfSignatures } from '../validation/pdf-signature.validator';

export interface SigningEngineOptions {
  readonly ca: CertificateAuthority;
  /** Our TSA; its certificate is issued by `ca`. */
  readonly tsa: TimeStampAuthority;
  /** Where signature timestamps come from: our TSA unless an external one (e.g. HttpTsaClient) is configured. */
  readonly timestamps?: TimestampSource;
}

/**
 * The signing engine's pieces wired together, free of Nest and storage: the
 * service (RPC handlers, certificate and signing-password rules) calls this.
 * Signers are cached per certificate so the CMS template is built once.
 */
export class SigningEngine {
  readonly timestamps: TimestampSource;
  readonly handleTimestampQuery: HandleTimestampQuery;
  private readonly signers = new Map<string, PadesSigner>();

  constructor(private readonly options: SigningEngineOptions) {
    this.timestamps = options.timestamps ?? new LocalTimestampSource(options.tsa);
    this.handleTimestampQuery = timestampQueryHandler(options.tsa);
  }

  /** A fresh CA and TSA (first start, demo, tests); production loads the CA from configured PEM instead. */
  static async createFresh(organization: string, crlBaseUrl: string): Promise<SigningEngine> {
    const ca = await CertificateAuthority.create({ organization, crlBaseUrl });
    const tsaCertificate = await ca.issueTsaCertificate(`${organization} Time-Stamping Authority`, 10 * 365);
    const tsa = new TimeStampAuthority({
      certificate: tsaCertificate.der,
      chain: [Buffer.from(ca.issuingCertificate.rawData)],
      privateKey: tsaCertificate.privateKey,
      policy: DEFAULT_TSA_POLICY,
    });
    return new SigningEngine({ ca, tsa });
  }

  get ca(): CertificateAuthority {
    return this.options.ca;
  }

  /** The identity for a certificate issued by our CA, with the issuing CA as its embedded chain. */
  identity(privateKey: SignerIdentity['privateKey'], certificate: Buffer): SignerIdentity {
    return { privateKey, certificate, chain: [Buffer.from(this.ca.issuingCertificate.rawData)] };
  }

  signerFor(identity: SignerIdentity): PadesSigner {
    const key = createHash('sha256').update(identity.certificate).digest('hex');
    let signer = this.signers.get(key);
    if (!signer) {
      signer = new PadesSigner(identity, this.timestamps);
      this.signers.set(key, signer);
    }
    return signer;
  }

  /** Drops a cached signer, e.g. when its certificate is revoked or its key is locked. */
  forgetSigner(certificate: Buffer): void {
    this.signers.delete(createHash('sha256').update(certificate).digest('hex'));
  }

  validate(pdf: Buffer, crls: readonly Buffer[] = []): Promise<PdfValidationReport> {
    return validatePdfSignatures(pdf, {
      roots: [new X509Certificate(Buffer.from(this.ca.root.rawData))],
      intermediates: [new X509Certificate(Buffer.from(this.ca.issuingCertificate.rawData))],
      crls,
    });
  }
}
