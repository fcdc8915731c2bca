import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Inkan-Signature: sha256=<hex>`: HMAC-SHA256 with the subscription's
 * secret (its UTF-8 bytes) over "<X-Inkan-Timestamp>.<raw body>". The
 * timestamp (Unix seconds) is signed so a captured delivery cannot be
 * replayed later: receivers reject old timestamps.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a subscriber does on receipt (used by tests and documented for integrators). */
export function isValidWebhookSignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
