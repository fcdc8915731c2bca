import { TimeStampAuthority } from './time-stamp-authority';

/**
 * Where a signature timestamp comes from: our own TSA in process, or an
 * external (e.g. accredited, 認定タイムスタンプ) TSA over HTTP. Takes the
 * SHA-256 of the signature value, returns a DER TimeStampToken.
 */
export interface TimestampSource {
  timestampSha256(digest: Buffer): Promise<Buffer>;
}

export class LocalTimestampSource implements TimestampSource {
  constructor(private readonly authority: TimeStampAuthority) {}

  timestampSha256(digest: Buffer): Promise<Buffer> {
    return Promise.resolve(this.authority.stampSha256(digest).token);
  }
}
