import { TimeStampAuthority } from './time-stamp-authority';

/**
 * Where a signature timestamp comes from: our own TSA in process, or an
 * external (e.g. accredited, 認定タイムスタンプ) TSA over HTTP. Takes the
 * SHA-256 of the signature value, returns a DER TimeStampToken.
 */
export interface TimestampSource {
  timestampSha256(digest: Buffer): Promise<Buffer>;
}

/** Our own TSA in process; given a function, it asks it for the current TSA on every token (the TSA key rolls over). */
export class LocalTimestampSource implements TimestampSource {
  private readonly current: () => TimeStampAuthority;

  constructor(authority: TimeStampAuthority | (() => TimeStampAuthority)) {
    this.current = typeof authority === 'function' ? authority : () => authority;
  }

  timestampSha256(digest: Buffer): Promise<Buffer> {
    return Promise.resolve(this.current().stampSha256(digest).token);
  }
}
