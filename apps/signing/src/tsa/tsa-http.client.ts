import { X509Certificate } from 'node:crypto';
import { TimestampSource } from './timestamp-source';
import { encodeTimeStampRequest } from './time-stamp-request';
import { parseTimeStampResponse, parseTimestampToken } from './timestamp-token.reader';
import { TIMESTAMP_QUERY_CONTENT_TYPE, TIMESTAMP_REPLY_CONTENT_TYPE } from './timestamp-query.handler';
import { verifyTimestampToken } from '../validation/timestamp.verifier';

export interface HttpTsaClientOptions {
  readonly url: string;
  /** Roots the TSA's certificate must chain to; without them only imprint, nonce and the CMS signature are checked. */
  readonly trustedRoots?: readonly X509Certificate[];
  /** Intermediates for the TSA's chain when its tokens do not carry them. */
  readonly intermediates?: readonly X509Certificate[];
  readonly policy?: string;
  readonly timeoutMs?: number;
}

export class TsaRequestError extends Error {}

/**
 * An RFC 3161 client over HTTP, for an external TSA (an accredited one for
 * 認定タイムスタンプ) or ours. Every answer is checked before use: status,
 * imprint, nonce, the token's signature and, given roots, its chain.
 */
export class HttpTsaClient implements TimestampSource {
  constructor(private readonly options: HttpTsaClientOptions) {}

  async timestampSha256(digest: Buffer): Promise<Buffer> {
    const { der, nonce } = encodeTimeStampRequest(digest, this.options.policy);
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': TIMESTAMP_QUERY_CONTENT_TYPE, accept: TIMESTAMP_REPLY_CONTENT_TYPE },
        body: der,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      // Refused, reset, timed out: the TSA is unreachable, which callers report as an outage.
      throw new TsaRequestError(`TSA ${this.options.url} is unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) {
      throw new TsaRequestError(`TSA ${this.options.url} answered HTTP ${response.status}`);
    }
    let reply: ReturnType<typeof parseTimeStampResponse>;
    try {
      reply = parseTimeStampResponse(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      throw new TsaRequestError(`TSA ${this.options.url} answered something else than a TimeStampResp: ${(error as Error).message}`);
    }
    // PKIStatus granted (0) or grantedWithMods (1).
    if (reply.status > 1 || !reply.token) {
      throw new TsaRequestError(`TSA ${this.options.url} refused the request (status ${reply.status})`);
    }
    const { tstInfo } = parseTimestampToken(reply.token);
    if (!tstInfo.hashedMessage.equals(digest)) {
      throw new TsaRequestError('the TSA stamped a different imprint');
    }
    if (!tstInfo.nonce?.equals(nonce)) {
      throw new TsaRequestError('the TSA answer does not carry our nonce');
    }
    if (this.options.policy && tstInfo.policy !== this.options.policy) {
      throw new TsaRequestError(`the TSA used policy ${tstInfo.policy}`);
    }
    const check = verifyTimestampToken(reply.token, { sha256: digest }, this.options.trustedRoots ?? [], this.options.intermediates);
    const problems = this.options.trustedRoots ? check.problems : check.problems.filter((problem) => !problem.includes('trusted issuer'));
    if (problems.length > 0) {
      throw new TsaRequestError(`the TSA token does not verify: ${problems.join('; ')}`);
    }
    return reply.token;
  }
}
