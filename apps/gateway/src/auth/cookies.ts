/**
 * The two cookie operations the gateway needs, written out rather than taken
 * from @fastify/cookie: its cookie@2 dependency is ESM-only and loads by
 * dynamic import, which jest on Node 20 cannot run.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      return /^[A-Za-z0-9_-]{1,256}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** A session cookie: httpOnly, SameSite=Strict, whole site; Secure when served over TLS. */
export function sessionSetCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearingSetCookie(name: string, secure: boolean): string {
  return sessionSetCookie(name, '', { maxAgeSeconds: 0, secure });
}
