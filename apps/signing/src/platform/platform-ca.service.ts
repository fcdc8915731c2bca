import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { eq, isNotNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { DatabaseHandle, inTransaction } from '@app/db';
import { CONFIG, DATABASE, LOGGER } from '@app/messaging';
import { certificates, platformCa } from '../database/signing.schema';
import { SigningEngine, SigningEngineMaterial } from '../engine/signing-engine';
import { CertificateAuthority } from '../pki/certificate-authority';
import { DEFAULT_TSA_POLICY } from '../tsa/time-stamp-authority';
import { unwrapPrivateKey, wrapPrivateKey } from '../pki/private-key-wrap';
import { HttpTsaClient } from '../tsa/tsa-http.client';
import { SigningSecrets } from './signing-secrets';

/** Key 0x1_4e4b_414e ("INKAN") + 1: one instance creates the CA; the others wait and load it. */
const CA_CREATION_LOCK = 0x14e4b414e01;

/**
 * The platform's CA and TSA: created at the first start of the first signing
 * instance (under an advisory lock, so two instances never make two CAs),
 * stored with every private key wrapped by SIGNING_MASTER_KEY, loaded by
 * every later start.
 */
@Injectable()
export class PlatformCaService implements OnModuleInit {
  private loaded: SigningEngine | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly secrets: SigningSecrets,
  ) {}

  get engine(): SigningEngine {
    if (!this.loaded) {
      throw new Error('the platform CA is not loaded yet');
    }
    return this.loaded;
  }

  get crlBaseUrl(): string {
    return this.config.SIGNING_CRL_BASE_URL ?? `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/signing/crl`;
  }

  async onModuleInit(): Promise<void> {
    const masterKey = this.secrets.masterKey;
    const row = await inTransaction(this.database.db, async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${CA_CREATION_LOCK})`);
      const [existing] = await tx.select().from(platformCa).where(eq(platformCa.id, 'platform'));
      if (existing) {
        return existing;
      }
      const material = await this.firstMaterial();
      const wrap = (key: string | KeyObject, context: string) =>
        wrapPrivateKey(typeof key === 'string' ? createPrivateKey(key) : key, masterKey, context).toString('base64');
      const [created] = await tx
        .insert(platformCa)
        .values({
          rootCertificate: material.ca.rootCertificate,
          rootKeyWrapped: material.ca.rootPrivateKey ? wrap(material.ca.rootPrivateKey, 'ca:root') : null,
          issuingCertificate: material.ca.issuingCertificate,
          issuingKeyWrapped: wrap(material.ca.issuingPrivateKey, 'ca:issuing'),
          tsaCertificate: material.tsaCertificate,
          tsaKeyWrapped: wrap(material.tsaPrivateKey, 'tsa'),
          tsaPolicy: material.tsaPolicy ?? '',
        })
        .returning();
      this.logger.info('created the platform CA and TSA');
      return created;
    });
    if (!row) {
      throw new Error('the platform CA could not be created');
    }
    const unwrap = (wrapped: string, context: string) => unwrapPrivateKey(Buffer.from(wrapped, 'base64'), masterKey, context);
    const timestamps = this.config.SIGNING_TSA_URL ? new HttpTsaClient({ url: this.config.SIGNING_TSA_URL }) : undefined;
    this.loaded = await SigningEngine.load(
      {
        ca: {
          rootCertificate: row.rootCertificate,
          ...(row.rootKeyWrapped ? { rootPrivateKey: unwrap(row.rootKeyWrapped, 'ca:root') } : {}),
          issuingCertificate: row.issuingCertificate,
          issuingPrivateKey: unwrap(row.issuingKeyWrapped, 'ca:issuing'),
        },
        tsaCertificate: row.tsaCertificate,
        tsaPrivateKey: unwrap(row.tsaKeyWrapped, 'tsa'),
        tsaPolicy: row.tsaPolicy,
      },
      this.crlBaseUrl,
      timestamps,
    );
  }

  /** A new CA and TSA, or the configured CA's files with a new TSA certificate issued under it. */
  private async firstMaterial(): Promise<SigningEngineMaterial> {
    const {
      SIGNING_CA_ROOT_CERT_FILE: rootFile,
      SIGNING_CA_ISSUING_CERT_FILE: issuingFile,
      SIGNING_CA_ISSUING_KEY_FILE: keyFile,
    } = this.config;
    if (!rootFile || !issuingFile || !keyFile) {
      return (await SigningEngine.createFresh('inkan', this.crlBaseUrl)).material();
    }
    const ca = await CertificateAuthority.load(
      {
        rootCertificate: readFileSync(rootFile, 'utf8'),
        issuingCertificate: readFileSync(issuingFile, 'utf8'),
        issuingPrivateKey: readFileSync(keyFile, 'utf8'),
      },
      this.crlBaseUrl,
    );
    const tsa = await ca.issueTsaCertificate('inkan Time-Stamping Authority', 10 * 365);
    const { rootCertificate, issuingCertificate } = ca.toPem();
    this.logger.info({ rootFile }, 'using the configured CA');
    return {
      ca: { rootCertificate, issuingCertificate, issuingPrivateKey: ca.issuingPrivateKey },
      tsaCertificate: new X509Certificate(tsa.der).toString(),
      tsaPrivateKey: tsa.privateKey,
      tsaPolicy: DEFAULT_TSA_POLICY,
    };
  }

  /** The issuing CA's current CRL, with every revoked certificate; its number rises with each revocation. */
  async currentCrl(): Promise<Buffer> {
    const [ca] = await this.database.db.select({ crlNumber: platformCa.crlNumber }).from(platformCa);
    const revoked = await this.database.db
      .select({ serialNumber: certificates.serialNumber, revokedAt: certificates.revokedAt })
      .from(certificates)
      .where(isNotNull(certificates.revokedAt));
    const crl = await this.engine.ca.createCrl(
      revoked.map((entry) => ({ serialNumber: entry.serialNumber.toLowerCase(), revokedAt: entry.revokedAt as Date })),
      ca?.crlNumber ?? 1,
    );
    return crl.der;
  }
}
