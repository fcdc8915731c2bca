import { csrfTokenFor, newSessionToken, sameSecret } from './credentials';
import { clearingSetCookie, readCookie, sessionSetCookie } from './cookies';

describe('session cookie', () => {
  it('reads the named cookie among others and ignores malformed values', () => {
    expect(readCookie('a=1; inkan_session=abc_DEF-123; b=2', 'inkan_session')).toBe('abc_DEF-123');
    expect(readCookie('xinkan_session=abc', 'inkan_session')).toBeUndefined();
    expect(readCookie('inkan_session=a%20b', 'inkan_session')).toBeUndefined();
    expect(readCookie(undefined, 'inkan_session')).toBeUndefined();
  });

  it('is httpOnly, SameSite=Strict, whole-site, and Secure only over TLS', () => {
    expect(sessionSetCookie('inkan_session', 'v', { maxAgeSeconds: 60, secure: false })).toBe(
      'inkan_session=v; Max-Age=60; Path=/; HttpOnly; SameSite=Strict',
    );
    expect(sessionSetCookie('__Host-inkan_session', 'v', { maxAgeSeconds: 60, secure: true })).toMatch(/; Secure$/);
    expect(clearingSetCookie('inkan_session', false)).toContain('Max-Age=0');
  });

  it('derives a CSRF token per session that differs from the session token', () => {
    const token = newSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(token)).not.toBe(token);
    expect(csrfTokenFor(token)).toBe(csrfTokenFor(token));
    expect(csrfTokenFor(newSessionToken())).not.toBe(csrfTokenFor(token));
    expect(sameSecret(csrfTokenFor(token), csrfTokenFor(token))).toBe(true);
    expect(sameSecret('short', csrfTokenFor(token))).toBe(false);
  });
});
