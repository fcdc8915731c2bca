import { TimeStampAuthority } from './time-stamp-authority';

export const TIMESTAMP_QUERY_CONTENT_TYPE = 'application/timestamp-query';
export const TIMESTAMP_REPLY_CONTENT_TYPE = 'application/timestamp-reply';
/** A TimeStampReq is ~60–100 bytes; anything much larger is not one. */
export const MAX_TIMESTAMP_QUERY_BYTES = 4096;

/**
 * The body of the RFC 3161 HTTP transport: `application/timestamp-query` in,
 * `application/timestamp-reply` out (always HTTP 200: a refusal is a
 * TimeStampResp with status rejection, which is what clients expect). Given a
 * function, each query goes to the TSA it returns then (the current key).
 */
export function timestampQueryHandler(authority: TimeStampAuthority | (() => TimeStampAuthority)): (der: Buffer) => Promise<Buffer> {
  const current = typeof authority === 'function' ? authority : () => authority;
  return (der: Buffer) => {
    if (der.length > MAX_TIMESTAMP_QUERY_BYTES) {
      return Promise.resolve(current().respond(Buffer.alloc(0)));
    }
    return Promise.resolve(current().respond(der));
  };
}

/** Shorthand for a handler bound once at start: `handleTimestampQuery = timestampQueryHandler(tsa)`. */
export type HandleTimestampQuery = (der: Buffer) => Promise<Buffer>;
