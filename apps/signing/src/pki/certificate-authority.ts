import 'reflect-metadata';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  AuthorityAccess,
  caExtensions,
  endEntityExtensions,
  randomSerialNumber,
  UserSubject,
  userSubjectName,
} from './certificate-profiles';
import { generateKeyPair, importPrivateKey, KeyAlgorithm, keyAlgorithmOf, signingAlgorithm } from './key-algorithm';

const DAY_MS = 86_400_000;
/** Certificates start a little in the past so a verifier whose clock lags still accepts them. */
const BACKDATE_MS = 5 * 60_000;

export interface CertificateAuthorityOptions {
  /** Organisation named in the CA certificates, e.g. "inkan". */
  readonly organization: string;
  /** Base URL where CRLs are published; user certificates point to `${crlBaseUrl}/issuing-ca.crl`. */
  readonly crlBaseUrl: string;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly rootValidityDays?: number;
  readonly issuingValidityDays?: number;
  /** Where certificates point relying parties (AIA: OCSP and caIssuers); no AIA extension when absent. */
  readonly access?: CaAccessUrls;
  readonly clock?: () => Date;
}

/** The public URLs of the OCSP responder and of the CA certificates (`${caBaseUrl}/root-ca.cer`, `…/issuing-ca.cer`). */
export interface CaAccessUrls {
  readonly ocspUrl: string;
  readonly caBaseUrl: string;
}

/** How a loaded CA names itself: its generation (1 = the first issuing CA; each rollover adds one), URLs, clock. */
export interface CertificateAuthorityLoadOptions {
  readonly generation?: number;
  readonly access?: CaAccessUrls;
  readonly clock?: () => Date;
}

/** The file name of generation `generation`'s issuing CA under the CRL and CA base URLs (`issuing-ca`, `issuing-ca-g2`, …). */
export function issuingCaName(generation: number): string {
  return generation <= 1 ? 'issuing-ca' : `issuing-ca-g${generation}`;
}

/**
 * The CA as files. `toPem` returns private keys in clear PKCS#8 PEM: store
 * them only wrapped (`wrapPrivateKey` with the master key), and hand `load`
 * the unwrapped KeyObjects.
 */
export interface CertificateAuthorityPem {
  readonly rootCertificate: string;
  readonly rootPrivateKey?: string;
  readonly issuingCertificate: string;
  readonly issuingPrivateKey: string;
}

export interface CertificateAuthorityMaterial {
  readonly rootCertificate: string;
  readonly rootPrivateKey?: string | KeyObject;
  readonly issuingCertificate: string;
  readonly issuingPrivateKey: string | KeyObject;
}

export interface IssuedCertificate {
  readonly certificate: x509.X509Certificate;
  /** DER bytes of the certificate. */
  readonly der: Buffer;
  readonly serialNumber: string;
  readonly privateKey: KeyObject;
}

export interface UserCertificateRequest extends UserSubject {
  readonly validityDays: number;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly email?: string;
  /** EKU emailProtection (default) or no EKU at all; both are accepted by pdfsig. */
  readonly extendedKeyUsage?: 'emailProtection' | 'none';
  readonly notBefore?: Date;
}

export interface RevokedEntry {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly reason?: x509.X509CrlReason;
  /** When the key is known or suspected to have become unsafe, if earlier than the revocation. */
  readonly invalidAfter?: Date;
}

export interface PublishedCrl {
  readonly crl: x509.X509Crl;
  readonly der: Buffer;
  readonly pem: string;
}

interface CaKey {
  readonly certificate: x509.X509Certificate;
  readonly cryptoKey: webcrypto.CryptoKey;
  readonly keyObject: KeyObject;
}

/**
 * The platform CA: a root (trust anchor) and an issuing CA that signs user
 * and TSA certificates and the CRL. Plain class, no framework: the signing
 * service keeps one instance, loaded from configured PEM at start.
 */
export class CertificateAuthority {
  private readonly clock: () => Date;

  private constructor(
    private readonly rootKey: CaKey | undefined,
    readonly root: x509.X509Certificate,
    private readonly issuing: CaKey,
    readonly crlBaseUrl: string,
    private readonly settings: CertificateAuthorityLoadOptions = {},
  ) {
    this.clock = settings.clock ?? (() => new Date());
  }

  /** 1 for the first issuing CA, then one more per rollover: it names the CA's CRL and certificate files. */
  get generation(): number {
    return this.settings.generation ?? 1;
  }

  /** `issuing-ca` for generation 1, `issuing-ca-g2` after the first rollover, … */
  get issuingName(): string {
    return issuingCaName(this.generation);
  }

  get access(): CaAccessUrls | undefined {
    return this.settings.access;
  }

  get issuingCertificate(): x509.X509Certificate {
    return this.issuing.certificate;
  }

  /** The issuing CA's key, for wrapping into storage; never log or return it. */
  get issuingPrivateKey(): KeyObject {
    return this.issuing.keyObject;
  }

  get rootPrivateKey(): KeyObject | undefined {
    return this.rootKey?.keyObject;
  }

  get issuingCrlUrl(): string {
    return `${this.crlBaseUrl}/${this.issuingName}.crl`;
  }

  get rootCrlUrl(): string {
    return `${this.crlBaseUrl}/root-ca.crl`;
  }

  static async create(options: CertificateAuthorityOptions): Promise<CertificateAuthority> {
    const algorithm = options.keyAlgorithm ?? 'ecdsa-p256';
    const now = (options.clock ?? (() => new Date()))().getTime();
    const rootKeys = await generateKeyPair(algorithm);
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerialNumber(),
      name: [{ C: ['JP'] }, { O: [options.organization] }, { CN: [`${options.organization} Root CA`] }],
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + (options.rootValidityDays ?? 20 * 365) * DAY_MS),
      signingAlgorithm: signingAlgorithm(algorithm),
      keys: rootKeys.cryptoKeys,
      extensions: await caExtensions(rootKeys.cryptoKeys.publicKey, undefined, undefined, undefined),
    });
    const issuingKeys = await generateKeyPair(algorithm);
    const issuing = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerialNumber(),
      subject: [{ C: ['JP'] }, { O: [options.organization] }, { CN: [`${options.organization} Issuing CA`] }],
      issuer: root.subjectName,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + (options.issuingValidityDays ?? 10 * 365) * DAY_MS),
      signingAlgorithm: signingAlgorithm(algorithm),
      publicKey: issuingKeys.cryptoKeys.publicKey,
      signingKey: rootKeys.cryptoKeys.privateKey,
      extensions: await caExtensions(
        issuingKeys.cryptoKeys.publicKey,
        root,
        0,
        `${options.crlBaseUrl}/root-ca.crl`,
        rootAccess(options.access),
      ),
    });
    return new CertificateAuthority(
      { certificate: root, cryptoKey: rootKeys.cryptoKeys.privateKey, keyObject: rootKeys.privateKey },
      root,
      { certificate: issuing, cryptoKey: issuingKeys.cryptoKeys.privateKey, keyObject: issuingKeys.privateKey },
      options.crlBaseUrl,
      { generation: 1, ...(options.access ? { access: options.access } : {}), ...(options.clock ? { clock: options.clock } : {}) },
    );
  }

  /**
   * The next issuing CA under the same root (CA rollover): a new key and certificate, generation + 1, named
   * "<organization> Issuing CA G<n>" so its certificates, CRL and files are told apart from the earlier ones'.
   * Needs the root key. The earlier CA stays valid: what it issued keeps verifying.
   */
  async successor(options: { validityDays: number; generation?: number }): Promise<CertificateAuthority> {
    if (!this.rootKey) {
      throw new Error('the root key is not loaded here: a new issuing CA must be signed by the root elsewhere');
    }
    const generation = options.generation ?? this.generation + 1;
    const algorithm = keyAlgorithmOf(this.issuing.keyObject);
    const keys = await generateKeyPair(algorithm);
    const notBefore = new Date(this.clock().getTime() - BACKDATE_MS);
    const notAfter = new Date(Math.min(notBefore.getTime() + options.validityDays * DAY_MS, this.root.notAfter.getTime()));
    const organization = this.root.subjectName.getField('O')[0] ?? 'inkan';
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerialNumber(),
      subject: [{ C: ['JP'] }, { O: [organization] }, { CN: [`${organization} Issuing CA G${generation}`] }],
      issuer: this.root.subjectName,
      notBefore,
      notAfter,
      signingAlgorithm: signingAlgorithm(keyAlgorithmOf(this.rootKey.keyObject)),
      publicKey: keys.cryptoKeys.publicKey,
      signingKey: this.rootKey.cryptoKey,
      extensions: await caExtensions(keys.cryptoKeys.publicKey, this.root, 0, this.rootCrlUrl, rootAccess(this.access)),
    });
    return new CertificateAuthority(
      this.rootKey,
      this.root,
      { certificate, cryptoKey: keys.cryptoKeys.privateKey, keyObject: keys.privateKey },
      this.crlBaseUrl,
      { ...this.settings, generation },
    );
  }

  /** Loads a CA kept as PEM; the root key is optional (only needed to re-issue the issuing CA or sign the root CRL). */
  static async load(
    pem: CertificateAuthorityMaterial,
    crlBaseUrl: string,
    options: CertificateAuthorityLoadOptions = {},
  ): Promise<CertificateAuthority> {
    const root = new x509.X509Certificate(pem.rootCertificate);
    const issuingCertificate = new x509.X509Certificate(pem.issuingCertificate);
    if (!(await issuingCertificate.verify({ publicKey: root.publicKey, signatureOnly: true }))) {
      throw new Error('the issuing CA certificate is not signed by the root CA');
    }
    const issuingKey = await importPrivateKey(pem.issuingPrivateKey);
    const rootKey = pem.rootPrivateKey ? await importPrivateKey(pem.rootPrivateKey) : undefined;
    return new CertificateAuthority(
      rootKey ? { certificate: root, ...rootKey } : undefined,
      root,
      { certificate: issuingCertificate, ...issuingKey },
      crlBaseUrl,
      options,
    );
  }

  toPem(): CertificateAuthorityPem {
    const keyPem = (key: KeyObject): string => key.export({ format: 'pem', type: 'pkcs8' }).toString();
    return {
      rootCertificate: this.root.toString('pem'),
      ...(this.rootKey ? { rootPrivateKey: keyPem(this.rootKey.keyObject) } : {}),
      issuingCertificate: this.issuing.certificate.toString('pem'),
      issuingPrivateKey: keyPem(this.issuing.keyObject),
    };
  }

  /** The chain above an end-entity certificate, issuing CA first, as DER. */
  chainDer(): Buffer[] {
    return [Buffer.from(this.issuing.certificate.rawData), Buffer.from(this.root.rawData)];
  }

  /** A signer's certificate with a fresh server-side key pair (RSA-2048 unless asked otherwise). */
  async issueUserCertificate(request: UserCertificateRequest): Promise<IssuedCertificate> {
    const purpose = request.extendedKeyUsage === 'none' ? 'signer-without-eku' : 'signer';
    return this.issue(userSubjectName(request), purpose, request.keyAlgorithm ?? 'rsa-2048', request.validityDays, {
      email: request.email,
      notBefore: request.notBefore,
    });
  }

  /** The TSA's certificate: EKU timeStamping (critical). ECDSA by default: a per-token signature costs ~0.05 ms. */
  async issueTsaCertificate(commonName: string, validityDays: number, keyAlgorithm: KeyAlgorithm = 'ecdsa-p256') {
    const subject: x509.JsonName = [{ C: ['JP'] }, { O: [this.root.subjectName.getField('O')[0] ?? 'inkan'] }, { CN: [commonName] }];
    return this.issue(subject, 'timestamping', keyAlgorithm, validityDays, {});
  }

  /**
   * A CRL of the issuing CA listing the revoked user certificates. Each entry
   * carries an invalidity date (the revocation time unless given): an entry
   * without any extension would be written by @peculiar/x509 as an empty
   * extension list, which is invalid DER that OpenSSL refuses to load.
   */
  async createCrl(
    revoked: readonly RevokedEntry[],
    crlNumber: number,
    options: { thisUpdate?: Date; nextUpdate?: Date } = {},
  ): Promise<PublishedCrl> {
    const thisUpdate = options.thisUpdate ?? this.clock();
    const crlNumberExtension = new x509.Extension('2.5.29.20', false, encodeCrlNumber(crlNumber));
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.issuing.certificate.subjectName,
      thisUpdate,
      nextUpdate: options.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * DAY_MS),
      signingAlgorithm: signingAlgorithm(keyAlgorithmOf(this.issuing.keyObject)),
      signingKey: this.issuing.cryptoKey,
      extensions: [await x509.AuthorityKeyIdentifierExtension.create(this.issuing.certificate.publicKey), crlNumberExtension],
      entries: revoked.map((entry) => ({
        serialNumber: entry.serialNumber,
        revocationDate: entry.revokedAt,
        invalidity: entry.invalidAfter ?? entry.revokedAt,
        ...(entry.reason === undefined ? {} : { reason: entry.reason }),
      })),
    });
    const der = Buffer.from(crl.rawData);
    // OpenSSL and most tools read the PEM label "X509 CRL"; @peculiar/x509 writes "CRL".
    return { crl, der, pem: x509.PemConverter.encode(crl.rawData, 'X509 CRL') };
  }

  /**
   * The root's CRL (`root-ca.crl`, named by every issuing CA certificate): no entries, as no issuing CA is revoked;
   * a CA rolled over stays valid until its certificate ends. Needs the root key.
   */
  async createRootCrl(crlNumber: number, options: { thisUpdate?: Date; nextUpdate?: Date } = {}): Promise<PublishedCrl> {
    if (!this.rootKey) {
      throw new Error('the root key is not loaded here: the root CRL is published by whoever holds it');
    }
    const thisUpdate = options.thisUpdate ?? this.clock();
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.root.subjectName,
      thisUpdate,
      nextUpdate: options.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * DAY_MS),
      signingAlgorithm: signingAlgorithm(keyAlgorithmOf(this.rootKey.keyObject)),
      signingKey: this.rootKey.cryptoKey,
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(this.root.publicKey),
        new x509.Extension('2.5.29.20', false, encodeCrlNumber(crlNumber)),
      ],
      entries: [],
    });
    return { crl, der: Buffer.from(crl.rawData), pem: x509.PemConverter.encode(crl.rawData, 'X509 CRL') };
  }

  private async issue(
    subject: x509.JsonName,
    purpose: 'signer' | 'signer-without-eku' | 'timestamping',
    algorithm: KeyAlgorithm,
    validityDays: number,
    options: { email?: string; notBefore?: Date },
  ): Promise<IssuedCertificate> {
    const keys = await generateKeyPair(algorithm);
    const notBefore = options.notBefore ?? new Date(this.clock().getTime() - BACKDATE_MS);
    const serialNumber = randomSerialNumber();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber,
      subject,
      issuer: this.issuing.certificate.subjectName,
      notBefore,
      // Never past the issuing CA's own end: a chain with an expired CA would not verify.
      notAfter: new Date(Math.min(notBefore.getTime() + validityDays * DAY_MS, this.issuing.certificate.notAfter.getTime())),
      signingAlgorithm: signingAlgorithm(keyAlgorithmOf(this.issuing.keyObject)),
      publicKey: keys.cryptoKeys.publicKey,
      signingKey: this.issuing.cryptoKey,
      extensions: await endEntityExtensions(
        purpose,
        keys.cryptoKeys.publicKey,
        this.issuing.certificate,
        this.issuingCrlUrl,
        options.email,
        this.access ? { ocspUrl: this.access.ocspUrl, caIssuersUrl: `${this.access.caBaseUrl}/${this.issuingName}.cer` } : undefined,
      ),
    });
    return { certificate, der: Buffer.from(certificate.rawData), serialNumber, privateKey: keys.privateKey };
  }
}

function rootAccess(access: CaAccessUrls | undefined): AuthorityAccess | undefined {
  return access ? { ocspUrl: access.ocspUrl, caIssuersUrl: `${access.caBaseUrl}/root-ca.cer` } : undefined;
}

function encodeCrlNumber(n: number): Buffer {
  const hex = n.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const value = bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return Buffer.concat([Buffer.from([0x02, value.length]), value]);
}
