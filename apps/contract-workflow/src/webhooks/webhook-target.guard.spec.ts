import { guardedLookup, isPublicAddress, literalAddressOf } from './webhook-target.guard';

describe('webhook target guard', () => {
  it.each([
    ['93.184.216.34', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.5', false],
    ['192.168.10.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['not an address', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('finds IP literals in URLs, IPv6 in brackets too', () => {
    expect(literalAddressOf(new URL('http://127.0.0.1:8080/hook'))).toBe('127.0.0.1');
    expect(literalAddressOf(new URL('http://[::1]/hook'))).toBe('::1');
    expect(literalAddressOf(new URL('https://hooks.example.com/x'))).toBeUndefined();
  });

  it('refuses a name that resolves to a private address unless allowed', async () => {
    const resolve = (allow: boolean) =>
      new Promise<string>((done) =>
        guardedLookup(allow)('localhost', { family: 4 }, (error, address) =>
          done(error ? `refused: ${error.message}` : JSON.stringify(address)),
        ),
      );
    expect(await resolve(false)).toMatch(/^refused: localhost resolves to a non-public address \(127\./);
    expect(await resolve(true)).toMatch(/^"127\./);
  });
});
