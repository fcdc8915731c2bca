import { createHash, createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { SignerIdentity } from '../pades/cades-detached.signer';
import { PadesSigner } from '../pades/pades.signer';
import { CaAccessUrls, CertificateAuthority, CertificateAuthorityMaterial } from '../pki/certificate-authority';
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
  /** The TSA's generation: 1 for the first key, one more per rollover. */
  readonly tsaGeneration?: number;
}

/** One TSA key of the platform: the current one signs; earlier ones are kept so their certificates stay published. */
export interface TsaGeneration {
  readonly generation: number;
  readonly authority: TimeStampAuthority;
  readonly certificate: Buffer;
}

/** Options for a fresh CA and TSA: URLs for the AIA extension, validity periods, a clock (tests travel in time). */
export interface FreshEngineOptions {
  readonly access?: CaAccessUrls;
  readonly issuingValidityDays?: number;
  readonly tsaValidityDays?: number;
  readonly clock?: () => Date;
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
  /** Every issuing CA generation, oldest first; the last one issues. */
  private readonly issuingCas: CertificateAuthority[];
  /** Every TSA key generation, oldest first; the last one stamps. */
  private readonly tsaGenerations: TsaGeneration[];

  constructor(private readonly options: SigningEngineOptions) {
    this.issuingCas = [options.ca];
    this.tsaGenerations = [{ generation: options.tsaGeneration ?? 1, authority: options.tsa, certificate: options.tsa.certificate }];
    this.timestamps = options.timestamps ?? new LocalTimestampSource(() => this.tsa);
    this.handleTimestampQuery = timestampQueryHandler(() => this.tsa);
  }

  /** A fresh CA and TSA (first start, demo, tests); after that, `load` what `material()` returned. */
  static async createFresh(organization: string, crlBaseUrl: string, options: FreshEngineOptions = {}): Promise<SigningEngine> {
    const ca = await CertificateAuthority.create({
      organization,
      crlBaseUrl,
      ...(options.access ? { access: options.access } : {}),
      ...(options.issuingValidityDays ? { issuingValidityDays: options.issuingValidityDays } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const tsaCertificate = await ca.issueTsaCertificate(`${organization} Time-Stamping Authority`, options.tsaValidityDays ?? 10 * 365);
    return SigningEngine.withTsa(ca, tsaCertificate.der, tsaCertificate.privateKey, DEFAULT_TSA_POLICY, undefined, options.clock);
  }

  /** A TSA for a key and certificate issued by `issuer`: tokens carry the issuing CA so they verify on their own. */
  static timeStampAuthority(
    issuer: CertificateAuthority,
    certificate: Buffer,
    privateKey: KeyObject,
    policy: string,
    clock?: () => Date,
  ): TimeStampAuthority {
    return new TimeStampAuthority({
      certificate,
      chain: [Buffer.from(issuer.issuingCertificate.rawData)],
      privateKey,
      policy,
      ...(clock ? { clock } : {}),
    });
  }

  static async load(
    material: SigningEngineMaterial,
    crlBaseUrl: string,
    timestamps?: TimestampSource,
    options: { access?: CaAccessUrls; clock?: () => Date } = {},
  ): Promise<SigningEngine> {
    const ca = await CertificateAuthority.load(material.ca, crlBaseUrl, { generation: 1, ...options });
    const certificate = new X509Certificate(material.tsaCertificate);
    const key = typeof material.tsaPrivateKey === 'string' ? createPrivateKey(material.tsaPrivateKey) : material.tsaPrivateKey;
    return SigningEngine.withTsa(ca, certificate.raw, key, material.tsaPolicy ?? DEFAULT_TSA_POLICY, timestamps, options.clock);
  }

  private static withTsa(
    ca: CertificateAuthority,
    certificate: Buffer,
    privateKey: KeyObject,
    policy: string,
    timestamps?: TimestampSource,
    clock?: () => Date,
  ) {
    const tsa = SigningEngine.timeStampAuthority(ca, certificate, privateKey, policy, clock);
    return new SigningEngine({ ca, tsa, tsaMaterial: { certificate, privateKey, policy }, ...(timestamps ? { timestamps } : {}) });
  }

  /**
   * Adds a later issuing CA (CA rollover): it issues from now on; the earlier ones stay for the chains, CRLs and OCSP
   * answers of what they issued. Generations already known are ignored, so a reload is harmless.
   */
  installIssuingCa(ca: CertificateAuthority): void {
    if (this.issuingCas.some((known) => known.generation === ca.generation)) {
      return;
    }
    this.issuingCas.push(ca);
    this.issuingCas.sort((a, b) => a.generation - b.generation);
  }

  /** Adds a later TSA key (TSA rollover): it stamps from now on; earlier certificates stay known. */
  installTsa(generation: TsaGeneration): void {
    if (this.tsaGenerations.some((known) => known.generation === generation.generation)) {
      return;
    }
    this.tsaGenerations.push(generation);
    this.tsaGenerations.sort((a, b) => a.generation - b.generation);
  }

  /** Every issuing CA generation, oldest first. */
  get issuingAuthorities(): readonly CertificateAuthority[] {
    return this.issuingCas;
  }

  /** Every TSA key generation, oldest first; the last one stamps. */
  get tsaKeys(): readonly TsaGeneration[] {
    return this.tsaGenerations;
  }

  /** The TSA that stamps now (the newest key). */
  get tsa(): TimeStampAuthority {
    return this.tsaGenerations[this.tsaGenerations.length - 1].authority;
  }

  /** The issuing CA (any generation) that issued a certificate, by its signature; undefined if none of ours did. */
  issuerOf(certificateDer: Buffer): CertificateAuthority | undefined {
    const certificate = new X509Certificate(certificateDer);
    return [...this.issuingCas].reverse().find((ca) => {
      const issuing = new X509Certificate(Buffer.from(ca.issuingCertificate.rawData));
      return certificate.checkIssued(issuing) && certificate.verify(issuing.publicKey);
    });
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

  /** The issuing CA that issues now (the newest generation). */
  get ca(): CertificateAuthority {
    return this.issuingCas[this.issuingCas.length - 1];
  }

  /** Our current TSA's certificate (DER). */
  get tsaCertificate(): Buffer {
    return this.tsa.certificate;
  }

  /** The identity for a certificate issued by our CA (any generation), with its issuing CA as the embedded chain. */
  identity(privateKey: SignerIdentity['privateKey'], certificate: Buffer): SignerIdentity {
    const issuer = this.issuingCas.length === 1 ? this.ca : (this.issuerOf(certificate) ?? this.ca);
    return { privateKey, certificate, chain: [Buffer.from(issuer.issuingCertificate.rawData)] };
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
      intermediates: this.issuingCas.map((ca) => new X509Certificate(Buffer.from(ca.issuingCertificate.rawData))),
      crls,
    });
  }
}
