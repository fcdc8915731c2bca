import { createHmac } from 'node:crypto';

/**
 * `X-Inkan-Signature: sha256=<hex>`: HMAC-SHA256 with the subscription's
 * secret (its UTF-8 bytes) over "<X-Inkan-Timestamp>.<raw body>". The
 * timestamp (Unix seconds) is signed so a captured delivery cannot be
 * replayed later: receivers reject old timestamps. How a receiver checks it:
 * docs/ledger.md (the tests check it the same way, independently of this code).
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
