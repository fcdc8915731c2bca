import { CertificateAuthority, PublishedCrl, RevokedEntry } from './certificate-authority';

export const CRL_CONTENT_TYPE = 'application/pkix-crl';

export interface CrlPublisherOptions {
  /** The revoked certificates, from wherever the service keeps them. */
  readonly revoked: () => Promise<readonly RevokedEntry[]>;
  /** How long a CRL is served before a fresh one is signed (default 1 hour); nextUpdate is set a week ahead. */
  readonly refreshMs?: number;
  readonly clock?: () => Date;
}

/**
 * Serves the issuing CA's current CRL (DER, `application/pkix-crl`). A CRL is
 * signed at most once per refresh period, or at once after `invalidate()` (call
 * it right after a revocation). The CRL number is the issue time in seconds,
 * so it increases across restarts and processes without a shared counter.
 */
export class CrlPublisher {
  private current?: { crl: PublishedCrl; at: number };
  private pending?: Promise<PublishedCrl>;
  private lastNumber = 0;

  constructor(
    private readonly ca: CertificateAuthority,
    private readonly options: CrlPublisherOptions,
  ) {}

  async crl(): Promise<PublishedCrl> {
    const now = (this.options.clock ?? (() => new Date()))();
    if (this.current && now.getTime() - this.current.at < (this.options.refreshMs ?? 3_600_000)) {
      return this.current.crl;
    }
    // Concurrent requests share one signing.
    this.pending ??= this.issue(now).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.current = undefined;
  }

  private async issue(now: Date): Promise<PublishedCrl> {
    const revoked = await this.options.revoked();
    const number = Math.max(Math.floor(now.getTime() / 1000), this.lastNumber + 1);
    this.lastNumber = number;
    const crl = await this.ca.createCrl(revoked, number, { thisUpdate: now });
    this.current = { crl, at: now.getTime() };
    return crl;
  }
}
