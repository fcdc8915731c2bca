import { PublishedCrl, RevokedEntry } from './certificate-authority';

export const CRL_CONTENT_TYPE = 'application/pkix-crl';

/** Signs one CRL: the entries, its number and its thisUpdate/nextUpdate (e.g. `CertificateAuthority.createCrl`). */
export type CrlSigner = (
  revoked: readonly RevokedEntry[],
  crlNumber: number,
  times: { thisUpdate: Date; nextUpdate: Date },
) => Promise<PublishedCrl>;

export interface CrlPublisherOptions {
  /** The revoked certificates, from wherever the service keeps them; read only when a CRL is signed. */
  readonly revoked: () => Promise<readonly RevokedEntry[]>;
  /**
   * A number that changes with every revocation (read on each request, so a revocation made by another process is
   * seen at once); absent: only `invalidate()` and the refresh period make a new CRL.
   */
  readonly version?: () => Promise<number>;
  /** How long a CRL is served before a fresh one is signed (default one day). */
  readonly refreshMs?: number;
  /** nextUpdate − thisUpdate (default a week): longer than the refresh, so a relying party's copy never lapses. */
  readonly validityMs?: number;
  readonly clock?: () => Date;
}

const DAY_MS = 86_400_000;

/**
 * Serves a CA's current CRL (DER, `application/pkix-crl`). A CRL is signed at most once per refresh period, or at
 * once after a revocation (a changed `version`, or `invalidate()`); concurrent requests share one signing. The CRL
 * number is the issue time in seconds, so it increases across restarts and processes without a shared counter.
 */
export class CrlPublisher {
  private current?: { crl: PublishedCrl; at: number; version: number };
  private pending?: Promise<PublishedCrl>;
  private lastNumber = 0;

  constructor(
    private readonly sign: CrlSigner,
    private readonly options: CrlPublisherOptions,
  ) {}

  async crl(): Promise<PublishedCrl> {
    const now = (this.options.clock ?? (() => new Date()))();
    const version = this.options.version ? await this.options.version() : 0;
    const current = this.current;
    if (current && current.version === version && now.getTime() - current.at < (this.options.refreshMs ?? DAY_MS)) {
      return current.crl;
    }
    this.pending ??= this.issue(now, version).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.current = undefined;
  }

  private async issue(now: Date, version: number): Promise<PublishedCrl> {
    const revoked = await this.options.revoked();
    const number = Math.max(Math.floor(now.getTime() / 1000), this.lastNumber + 1);
    this.lastNumber = number;
    const crl = await this.sign(revoked, number, {
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + (this.options.validityMs ?? 7 * DAY_MS)),
    });
    this.current = { crl, at: now.getTime(), version };
    return crl;
  }
}
