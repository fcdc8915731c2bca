import { X509Certificate } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { DatabaseHandle } from '@app/db';
import { CONFIG, DATABASE, LOGGER } from '@app/messaging';
import { certificates, platformCa } from '../database/signing.schema';
import { SigningEngine } from '../engine/signing-engine';
import { CertificateAuthority, issuingCaName } from '../pki/certificate-authority';
import { CrlPublisher } from '../pki/crl.publisher';
import { OcspResponder } from '../pki/ocsp-responder';
import { loadPlatformCa, platformCrlBaseUrl } from './platform-ca.store';
import { AuthorityKind, loadLaterGenerations, platformAccessUrls, RolloverResult, rollOverIfDue, rolloverPolicy } from './platform-keys';
import { nameLine, platformOcspResponder } from './platform-ocsp';

/** The clock of the platform CA and TSA (certificates, CRLs, timestamps, rollover checks); tests provide one to travel in time. */
export const SIGNING_CLOCK = Symbol('SIGNING_CLOCK');

/**
 * The platform's CA and TSA for this signing instance: loaded at start, or created if nobody did yet (see
 * `loadPlatformCa`). At start and every SIGNING_ROLLOVER_CHECK_MINUTES it loads keys another process rolled over
 * to and rolls the TSA or issuing CA over itself when its use period ends within SIGNING_ROLLOVER_LEAD_DAYS.
 */
@Injectable()
export class PlatformCaService implements OnModuleInit, OnModuleDestroy {
  private loaded: SigningEngine | undefined;
  private responder: OcspResponder | undefined;
  private readonly crls = new Map<string, CrlPublisher>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<RolloverResult> | undefined;
  private readonly clock: () => Date;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(SIGNING_CLOCK) clock?: () => Date,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  get engine(): SigningEngine {
    if (!this.loaded) {
      throw new Error('the platform CA is not loaded yet');
    }
    return this.loaded;
  }

  get crlBaseUrl(): string {
    return platformCrlBaseUrl(this.config);
  }

  async onModuleInit(): Promise<void> {
    this.loaded = await loadPlatformCa(
      this.database.db,
      this.config,
      (message, fields) => this.logger.info(fields ?? {}, message),
      this.clock,
    );
    this.rebuildResponder();
    // A failing check must not keep signing from starting: the current key stays usable through the lead time.
    await this.checkRollover().catch((error: unknown) => this.logger.error({ err: error }, 'key rollover check failed; tried again later'));
    this.timer = setInterval(() => {
      void this.checkRollover().catch((error: unknown) =>
        this.logger.error({ err: error }, 'key rollover check failed; tried again later'),
      );
    }, this.config.SIGNING_ROLLOVER_CHECK_MINUTES * 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Loads keys that another process rolled over to, then rolls the TSA and the issuing CA over when due (or now, for
   * the kinds in `force`). One check at a time per process; across processes the database lets one key per
   * generation in.
   */
  checkRollover(force: readonly AuthorityKind[] = []): Promise<RolloverResult> {
    this.checking ??= this.rollOver(force).finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async rollOver(force: readonly AuthorityKind[]): Promise<RolloverResult> {
    const before = this.generations();
    const access = platformAccessUrls(this.config);
    const result = await rollOverIfDue(this.database.db, this.engine, {
      policy: rolloverPolicy(this.config),
      masterKey: Buffer.from(this.config.SIGNING_MASTER_KEY, 'base64'),
      clock: this.clock,
      force,
      ...(access ? { access } : {}),
      log: (message, fields) => this.logger.warn(fields ?? {}, message),
    });
    if (this.generations() !== before) {
      this.rebuildResponder();
      this.logger.info({ issuingCa: this.engine.ca.generation, tsa: this.engine.tsaKeys.at(-1)?.generation }, 'platform keys in use');
    }
    return result;
  }

  /** Loads keys that another process rolled over to (without rolling over here). */
  async reload(): Promise<void> {
    const before = this.generations();
    const access = platformAccessUrls(this.config);
    await loadLaterGenerations(this.database.db, this.engine, Buffer.from(this.config.SIGNING_MASTER_KEY, 'base64'), {
      ...(access ? { access } : {}),
      clock: this.clock,
    });
    if (this.generations() !== before) {
      this.rebuildResponder();
    }
  }

  private generations(): string {
    return `${this.engine.ca.generation}/${this.engine.tsaKeys.at(-1)?.generation}`;
  }

  private rebuildResponder(): void {
    this.responder = platformOcspResponder(this.engine, this.database.db, (error) =>
      this.logger.error({ err: error }, 'OCSP status lookup failed; answered tryLater'),
    );
  }

  /** The DER OCSPResponse to a DER OCSPRequest (RFC 6960); a bad request gets an OCSP error status, never an exception. */
  async ocsp(requestDer: Buffer): Promise<Buffer> {
    if (!this.responder) {
      throw new Error('the platform CA is not loaded yet');
    }
    return this.responder.respond(requestDer);
  }

  /** The OCSP response about one certificate (no nonce), as a PDF's DSS embeds it; throws for a certificate none of our CAs issued. */
  async ocspResponseFor(certificateDer: Buffer): Promise<Buffer> {
    if (!this.responder) {
      throw new Error('the platform CA is not loaded yet');
    }
    return this.responder.responseFor(certificateDer);
  }

  /** The current issuing CA's current CRL (every certificate it revoked). */
  async currentCrl(): Promise<Buffer> {
    return (await this.crl(this.engine.ca.issuingName))!;
  }

  /** Every issuing CA's current CRL, oldest generation first: what a validator needs for certificates of any of them. */
  async allCrls(): Promise<Buffer[]> {
    return Promise.all(this.engine.issuingAuthorities.map(async (ca) => (await this.crl(ca.issuingName))!));
  }

  /**
   * A CRL by its published name: `root-ca` (signed by the root, when its key is held here), `issuing-ca` (the first
   * issuing CA) or `issuing-ca-g<n>` (the n-th); undefined for any other name. Each is signed once and served until a
   * revocation (platform_ca.crl_number rises with each) or a day has passed; nextUpdate is a week ahead.
   */
  async crl(name: string): Promise<Buffer | undefined> {
    let publisher = this.crlPublisher(name);
    if (!publisher && name.startsWith('issuing-ca-g') && (await this.reloadAtMostEvery(10_000))) {
      // A CA another process rolled over to, asked for before this process's next check.
      publisher = this.crlPublisher(name);
    }
    return publisher ? (await publisher.crl()).der : undefined;
  }

  private lastReload = 0;

  /** `reload()` unless one ran within `intervalMs` (a request for an unknown name must not become a database flood). */
  private async reloadAtMostEvery(intervalMs: number): Promise<boolean> {
    if (Date.now() - this.lastReload < intervalMs) {
      return false;
    }
    this.lastReload = Date.now();
    await this.reload();
    return true;
  }

  private crlPublisher(name: string): CrlPublisher | undefined {
    let publisher = this.crls.get(name);
    if (publisher) {
      return publisher;
    }
    const { ca } = this.engine;
    if (name === 'root-ca') {
      if (!ca.rootPrivateKey) {
        return undefined;
      }
      publisher = new CrlPublisher((_entries, number, times) => ca.createRootCrl(number, times), {
        revoked: () => Promise.resolve([]),
        clock: this.clock,
      });
    } else {
      const issuing = this.engine.issuingAuthorities.find((candidate) => issuingCaName(candidate.generation) === name);
      if (!issuing) {
        return undefined;
      }
      publisher = new CrlPublisher((entries, number, times) => issuing.createCrl(entries, number, times), {
        revoked: () => this.revokedBy(issuing),
        version: async () => (await this.database.db.select({ crlNumber: platformCa.crlNumber }).from(platformCa))[0]?.crlNumber ?? 1,
        clock: this.clock,
      });
    }
    this.crls.set(name, publisher);
    return publisher;
  }

  private async revokedBy(issuing: CertificateAuthority) {
    const issuer = nameLine(new X509Certificate(Buffer.from(issuing.issuingCertificate.rawData)).subject);
    const revoked = await this.database.db
      .select({ serialNumber: certificates.serialNumber, revokedAt: certificates.revokedAt })
      .from(certificates)
      .where(and(isNotNull(certificates.revokedAt), eq(certificates.issuer, issuer)));
    return revoked.map((entry) => ({ serialNumber: entry.serialNumber.toLowerCase(), revokedAt: entry.revokedAt as Date }));
  }
}
