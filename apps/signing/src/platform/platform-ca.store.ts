import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { Database, inTransaction } from '@app/db';
import { platformCa } from '../database/signing.schema';
import { SigningEngine, SigningEngineMaterial } from '../engine/signing-engine';
import { CertificateAuthority } from '../pki/certificate-authority';
import { unwrapPrivateKey, wrapPrivateKey } from '../pki/private-key-wrap';
import { DEFAULT_TSA_POLICY } from '../tsa/time-stamp-authority';
import { HttpTsaClient } from '../tsa/tsa-http.client';
import { loadLaterGenerations, platformAccessUrls } from './platform-keys';

/** Key 0x1_4e4b_414e ("INKAN") + 1: one instance creates the CA; the others wait and load it. */
const CA_CREATION_LOCK = 0x14e4b414e01;

/** What happened on the way, for the caller's log. */
export type PlatformCaLog = (message: string, fields?: Record<string, unknown>) => void;

/** Where the CRL is published; every user certificate names it. */
export function platformCrlBaseUrl(config: Pick<AppConfig, 'SIGNING_CRL_BASE_URL' | 'PUBLIC_BASE_URL'>): string {
  return config.SIGNING_CRL_BASE_URL ?? `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/signing/crl`;
}

/**
 * The platform's CA and TSA from signing's tables: created by whoever comes
 * first (a signing instance at start, or the demo seed before any app runs)
 * under an advisory lock, so two callers never make two CAs; loaded by
 * everyone after that. Private keys are stored only wrapped.
 */
export async function loadPlatformCa(
  db: Database,
  config: AppConfig,
  log: PlatformCaLog = () => undefined,
  clock?: () => Date,
): Promise<SigningEngine> {
  const masterKey = Buffer.from(config.SIGNING_MASTER_KEY, 'base64');
  const crlBaseUrl = platformCrlBaseUrl(config);
  const access = platformAccessUrls(config);
  const row = await inTransaction(db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${CA_CREATION_LOCK})`);
    const [existing] = await tx.select().from(platformCa).where(eq(platformCa.id, 'platform'));
    if (existing) {
      return existing;
    }
    const material = await firstMaterial(config, crlBaseUrl, log, clock);
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
    log('created the platform CA and TSA');
    return created;
  });
  if (!row) {
    throw new Error('the platform CA could not be created');
  }
  const unwrap = (wrapped: string, context: string) => unwrapPrivateKey(Buffer.from(wrapped, 'base64'), masterKey, context);
  const timestamps = config.SIGNING_TSA_URL ? new HttpTsaClient({ url: config.SIGNING_TSA_URL }) : undefined;
  const engine = await SigningEngine.load(
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
    crlBaseUrl,
    timestamps,
    { access, ...(clock ? { clock } : {}) },
  );
  // The keys of earlier rollovers: the newest issues and stamps, the older ones keep what they signed verifiable.
  await loadLaterGenerations(db, engine, masterKey, { access, ...(clock ? { clock } : {}) });
  return engine;
}

/** A new CA and TSA, or the configured CA's files with a new TSA certificate issued under it. */
async function firstMaterial(
  config: AppConfig,
  crlBaseUrl: string,
  log: PlatformCaLog,
  clock?: () => Date,
): Promise<SigningEngineMaterial> {
  const { SIGNING_CA_ROOT_CERT_FILE: rootFile, SIGNING_CA_ISSUING_CERT_FILE: issuingFile, SIGNING_CA_ISSUING_KEY_FILE: keyFile } = config;
  if (!rootFile || !issuingFile || !keyFile) {
    const fresh = await SigningEngine.createFresh('inkan', crlBaseUrl, {
      access: platformAccessUrls(config),
      issuingValidityDays: config.SIGNING_CA_CERT_VALIDITY_DAYS,
      tsaValidityDays: config.SIGNING_TSA_CERT_VALIDITY_DAYS,
      ...(clock ? { clock } : {}),
    });
    return fresh.material();
  }
  const ca = await CertificateAuthority.load(
    {
      rootCertificate: readFileSync(rootFile, 'utf8'),
      issuingCertificate: readFileSync(issuingFile, 'utf8'),
      issuingPrivateKey: readFileSync(keyFile, 'utf8'),
    },
    crlBaseUrl,
    { access: platformAccessUrls(config), ...(clock ? { clock } : {}) },
  );
  const tsa = await ca.issueTsaCertificate('inkan Time-Stamping Authority', config.SIGNING_TSA_CERT_VALIDITY_DAYS);
  const { rootCertificate, issuingCertificate } = ca.toPem();
  log('using the configured CA', { rootFile });
  return {
    ca: { rootCertificate, issuingCertificate, issuingPrivateKey: ca.issuingPrivateKey },
    tsaCertificate: new X509Certificate(tsa.der).toString(),
    tsaPrivateKey: tsa.privateKey,
    tsaPolicy: DEFAULT_TSA_POLICY,
  };
}
