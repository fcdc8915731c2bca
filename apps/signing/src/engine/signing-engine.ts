import { createHash, createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { SignerIdentity } from '../pades/cades-detached.signer';
import { PadesSigner } from '../pades/pades.signer';
import { CertificateAuthority, CertificateAuthorityMaterial } from '../pki/certificate-authority';
import { DEFAULT_TSA_POLICY, TimeStampAuthority } from '../tsa/time-stamp-authority';
import { HandleTimestampQuery, timestampQueryHandler } from '../tsa/timestamp-query.handler';
import { LocalTimestampSource, TimestampSource } from '../tsa/timestamp-source';
import { PdfValidationReport } from '../validation/validation-report';
import { validatePdfSignatures } from '../validation/pdf-signature.validator';

/**
 * Everything the engine needs to be the same CA and TSA after a restart.
 * Private keys are clear KeyObjects (or PEM) here: store them only wrapped
 * with the master key (`wrapPrivateKey`), never as they are.
 */
export interface SigningEngineMaterial {
  readonly ca: CertificateAuthorityMaterial;
  /** Our TSA's certificate (PEM) and key. */
  readonly tsaCertificate: string;
  readonly tsaPrivateKey: string | KeyObject;
  readonly tsaPolicy?: string;
}

export interface SigningEngineOptions {
  readonly ca: CertificateAuthority;
  /** Our TSA; its certificate is issued by `ca`. */
  readonly tsa: TimeStampAuthority;
  /** Kept so `material()` can hand the TSA to storage; absent when the caller built the TSA itself. */
  readonly tsaMaterial?: { certificate: Buffer; privateKey: KeyObject; policy: string };
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

  /** A fresh CA and TSA (first start, demo, tests); after that, `load` what `material()` returned. */
  static async createFresh(organization: string, crlBaseUrl: string): Promise<SigningEngine> {
    const ca = await CertificateAuthority.create({ organization, crlBaseUrl });
    const tsaCertificate = await ca.issueTsaCertificate(`${organization} Time-Stamping Authority`, 10 * 365);
    return SigningEngine.withTsa(ca, tsaCertificate.der, tsaCertificate.privateKey, DEFAULT_TSA_POLICY);
  }

  static async load(material: SigningEngineMaterial, crlBaseUrl: string, timestamps?: TimestampSource): Promise<SigningEngine> {
    const ca = await CertificateAuthority.load(material.ca, crlBaseUrl);
    const certificate = new X509Certificate(material.tsaCertificate);
    const key = typeof material.tsaPrivateKey === 'string' ? createPrivateKey(material.tsaPrivateKey) : material.tsaPrivateKey;
    return SigningEngine.withTsa(ca, certificate.raw, key, material.tsaPolicy ?? DEFAULT_TSA_POLICY, timestamps);
  }

  private static withTsa(
    ca: CertificateAuthority,
    certificate: Buffer,
    privateKey: KeyObject,
    policy: string,
    timestamps?: TimestampSource,
  ) {
    const tsa = new TimeStampAuthority({ certificate, chain: [Buffer.from(ca.issuingCertificate.rawData)], privateKey, policy });
    return new SigningEngine({ ca, tsa, tsaMaterial: { certificate, privateKey, policy }, ...(timestamps ? { timestamps } : {}) });
  }

  /** What to persist (after wrapping the keys) to load the same engine next start. */
  material(): SigningEngineMaterial {
    const tsa = this.options.tsaMaterial;
    if (!tsa) {
      throw new Error('this engine was given a TSA instance; persist that TSA where it was made');
    }
    const { rootCertificate, issuingCertificate } = this.ca.toPem();
    return {
      ca: {
        rootCertificate,
        issuingCertificate,
        issuingPrivateKey: this.ca.issuingPrivateKey,
        ...(this.ca.rootPrivateKey ? { rootPrivateKey: this.ca.rootPrivateKey } : {}),
      },
      tsaCertificate: new X509Certificate(tsa.certificate).toString(),
      tsaPrivateKey: tsa.privateKey,
      tsaPolicy: tsa.policy,
    };
  }

  get ca(): CertificateAuthority {
    return this.options.ca;
  }

  /** Our TSA's certificate (DER), issued by `ca`. */
  get tsaCertificate(): Buffer {
    return this.options.tsa.certificate;
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
