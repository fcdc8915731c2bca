import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@app/config';

/**
 * Session and API tokens are made here, 256 bits from the CSPRNG. Only their
 * SHA-256 leaves the gateway (identity stores and looks up the hash), so
 * neither the broker nor the database ever holds a usable token.
 */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export const API_TOKEN_PREFIX = 'inkan_';

export function newApiToken(): { token: string; displayPrefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, displayPrefix: token.slice(0, 12).replace(/-/g, '_') };
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token is derived from the session token (one-way), so it needs no
 * storage; a page on another site can neither read the cookie nor compute it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`inkan-csrf:${sessionToken}`).digest('base64url');
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface CookieSettings {
  name: string;
  secure: boolean;
  maxAgeSeconds: number;
}

/** `__Host-` cookies (Secure, Path=/, no Domain) when served over TLS. */
export function sessionCookie(config: AppConfig): CookieSettings {
  const secure = new URL(config.PUBLIC_BASE_URL).protocol === 'https:';
  return { name: secure ? '__Host-inkan_session' : 'inkan_session', secure, maxAgeSeconds: config.SESSION_ABSOLUTE_HOURS * 3600 };
}
