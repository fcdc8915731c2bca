import { X509Certificate } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { Database } from '@app/db';
import { authorityKeys, platformCa } from '../database/signing.schema';
import { SigningEngine } from '../engine/signing-engine';
import { CaAccessUrls, CertificateAuthority } from '../pki/certificate-authority';
import { unwrapPrivateKey, wrapPrivateKey } from '../pki/private-key-wrap';
import type { PlatformCaLog } from './platform-ca.store';

const DAY_MS = 86_400_000;

export type AuthorityKind = 'issuing-ca' | 'tsa';

/** How long each key signs and how long its certificate stays valid; a new key comes `leadDays` before the end. */
export interface RolloverPolicy {
  readonly tsaUsePeriodDays: number;
  readonly tsaValidityDays: number;
  readonly caUsePeriodDays: number;
  readonly caValidityDays: number;
  readonly leadDays: number;
}

export function rolloverPolicy(
  config: Pick<
    AppConfig,
    | 'SIGNING_TSA_KEY_USE_PERIOD_DAYS'
    | 'SIGNING_TSA_CERT_VALIDITY_DAYS'
    | 'SIGNING_CA_KEY_USE_PERIOD_DAYS'
    | 'SIGNING_CA_CERT_VALIDITY_DAYS'
    | 'SIGNING_ROLLOVER_LEAD_DAYS'
  >,
): RolloverPolicy {
  return {
    tsaUsePeriodDays: config.SIGNING_TSA_KEY_USE_PERIOD_DAYS,
    tsaValidityDays: config.SIGNING_TSA_CERT_VALIDITY_DAYS,
    caUsePeriodDays: config.SIGNING_CA_KEY_USE_PERIOD_DAYS,
    caValidityDays: config.SIGNING_CA_CERT_VALIDITY_DAYS,
    leadDays: config.SIGNING_ROLLOVER_LEAD_DAYS,
  };
}

/**
 * The public URLs a certificate's Authority Information Access names (our OCSP responder and the CA certificates),
 * or undefined when SIGNING_CERT_AIA is off (by default under NODE_ENV=test: validators would go online to
 * PUBLIC_BASE_URL, which is not the gateway a test runs).
 */
export function platformAccessUrls(config: Pick<AppConfig, 'PUBLIC_BASE_URL' | 'SIGNING_CERT_AIA' | 'NODE_ENV'>): CaAccessUrls | undefined {
  if ((config.SIGNING_CERT_AIA ?? (config.NODE_ENV === 'test' ? 'false' : 'true')) === 'false') {
    return undefined;
  }
  const base = `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/signing`;
  return { ocspUrl: `${base}/ocsp`, caBaseUrl: `${base}/ca` };
}

/** When a key stops signing: its certificate's start plus the use period. */
export function usePeriodEnd(certificateDer: Buffer, usePeriodDays: number): Date {
  return new Date(Date.parse(new X509Certificate(certificateDer).validFrom) + usePeriodDays * DAY_MS);
}

function wrapContext(kind: AuthorityKind, generation: number): string {
  return kind === 'tsa' ? `tsa:g${generation}` : `ca:issuing:g${generation}`;
}

/**
 * Installs into `engine` every issuing CA and TSA key that a rollover (here or in another process) stored and the
 * engine does not know yet. Issuing CAs first: a TSA certificate's chain is the CA that issued it.
 */
export async function loadLaterGenerations(
  db: Database,
  engine: SigningEngine,
  masterKey: Buffer,
  options: { access?: CaAccessUrls; clock?: () => Date } = {},
): Promise<void> {
  const knownCa = engine.ca.generation;
  const knownTsa = engine.tsaKeys[engine.tsaKeys.length - 1].generation;
  const rows = await db
    .select()
    .from(authorityKeys)
    .where(and(eq(authorityKeys.kind, 'issuing-ca'), gt(authorityKeys.generation, knownCa)))
    .union(
      db
        .select()
        .from(authorityKeys)
        .where(and(eq(authorityKeys.kind, 'tsa'), gt(authorityKeys.generation, knownTsa))),
    );
  rows.sort((a, b) => (a.kind === b.kind ? a.generation - b.generation : a.kind === 'issuing-ca' ? -1 : 1));
  let policy: string | undefined;
  for (const row of rows) {
    const key = unwrapPrivateKey(Buffer.from(row.keyWrapped, 'base64'), masterKey, wrapContext(row.kind as AuthorityKind, row.generation));
    if (row.kind === 'issuing-ca') {
      const root = engine.ca;
      engine.installIssuingCa(
        await CertificateAuthority.load(
          {
            rootCertificate: root.root.toString('pem'),
            ...(root.rootPrivateKey ? { rootPrivateKey: root.rootPrivateKey } : {}),
            issuingCertificate: row.certificate,
            issuingPrivateKey: key,
          },
          root.crlBaseUrl,
          { generation: row.generation, ...options },
        ),
      );
    } else {
      const certificate = new X509Certificate(row.certificate).raw;
      const issuer = engine.issuerOf(certificate);
      if (!issuer) {
        throw new Error(`TSA key generation ${row.generation} is not certified by any of our issuing CAs`);
      }
      policy ??= (await db.select({ tsaPolicy: platformCa.tsaPolicy }).from(platformCa))[0]?.tsaPolicy;
      engine.installTsa({
        generation: row.generation,
        certificate,
        authority: SigningEngine.timeStampAuthority(issuer, certificate, key, policy ?? engine.tsa.policy, options.clock),
      });
    }
  }
}

export interface RolloverOptions {
  readonly policy: RolloverPolicy;
  readonly masterKey: Buffer;
  readonly clock?: () => Date;
  /** Roll these kinds over now, whatever their use period (the operator's `npm run pki:rollover`). */
  readonly force?: readonly AuthorityKind[];
  readonly access?: CaAccessUrls;
  readonly log?: PlatformCaLog;
}

/** What a check did: the generation each kind rolled to (absent: not due, or another process won). */
export interface RolloverResult {
  readonly 'issuing-ca'?: number;
  readonly tsa?: number;
}

/**
 * Issues a new issuing CA and/or TSA key when the current one's use period ends within the lead time (or when forced),
 * stores it wrapped and installs it. Safe to run from every signing process at once: the key (kind, generation) is
 * unique, so exactly one new key per generation is stored; a loser drops its own and loads the winner's.
 */
export async function rollOverIfDue(db: Database, engine: SigningEngine, options: RolloverOptions): Promise<RolloverResult> {
  const clock = options.clock ?? (() => new Date());
  const loadOptions = { ...(options.access ? { access: options.access } : {}), ...(options.clock ? { clock: options.clock } : {}) };
  const log = options.log ?? (() => undefined);
  await loadLaterGenerations(db, engine, options.masterKey, loadOptions);
  const result: { -readonly [K in keyof RolloverResult]: RolloverResult[K] } = {};
  const lead = options.policy.leadDays * DAY_MS;
  const due = (kind: AuthorityKind, certificate: Buffer, usePeriodDays: number) =>
    options.force?.includes(kind) || clock().getTime() >= usePeriodEnd(certificate, usePeriodDays).getTime() - lead;

  const ca = engine.ca;
  if (due('issuing-ca', Buffer.from(ca.issuingCertificate.rawData), options.policy.caUsePeriodDays)) {
    if (!ca.rootPrivateKey) {
      log('the issuing CA is due for rollover, but the root key is not held here: issue a new issuing CA with the root', {
        generation: ca.generation,
        usePeriodEnds: usePeriodEnd(Buffer.from(ca.issuingCertificate.rawData), options.policy.caUsePeriodDays).toISOString(),
      });
    } else {
      const next = await ca.successor({ validityDays: options.policy.caValidityDays });
      if (
        await store(db, 'issuing-ca', next.generation, next.issuingCertificate.toString('pem'), next.issuingPrivateKey, options.masterKey)
      ) {
        result['issuing-ca'] = next.generation;
        log('rolled the issuing CA over to a new key', { generation: next.generation, serialNumber: next.issuingCertificate.serialNumber });
      }
    }
  }
  const tsa = engine.tsaKeys[engine.tsaKeys.length - 1];
  // Load what another process may have stored meanwhile (a new CA issues the new TSA certificate).
  await loadLaterGenerations(db, engine, options.masterKey, loadOptions);
  if (due('tsa', tsa.certificate, options.policy.tsaUsePeriodDays)) {
    const generation = tsa.generation + 1;
    const organization = engine.ca.root.subjectName.getField('O')[0] ?? 'inkan';
    const issued = await engine.ca.issueTsaCertificate(
      `${organization} Time-Stamping Authority G${generation}`,
      options.policy.tsaValidityDays,
    );
    if (await store(db, 'tsa', generation, new X509Certificate(issued.der).toString(), issued.privateKey, options.masterKey)) {
      result.tsa = generation;
      log('rolled the TSA over to a new key', { generation, serialNumber: issued.serialNumber });
    }
  }
  await loadLaterGenerations(db, engine, options.masterKey, loadOptions);
  return result;
}

async function store(
  db: Database,
  kind: AuthorityKind,
  generation: number,
  certificatePem: string,
  privateKey: Parameters<typeof wrapPrivateKey>[0],
  masterKey: Buffer,
): Promise<boolean> {
  const inserted = await db
    .insert(authorityKeys)
    .values({
      kind,
      generation,
      certificate: certificatePem,
      keyWrapped: wrapPrivateKey(privateKey, masterKey, wrapContext(kind, generation)).toString('base64'),
    })
    .onConflictDoNothing()
    .returning({ generation: authorityKeys.generation });
  return inserted.length === 1;
}
