import { LookupAddress } from 'node:dns';
import { AppConfig } from '@app/config';
import { isPublicAddress, literalAddressOf, WebhookTargets } from './webhook-target.guard';

/** A guard whose names resolve from a table: no DNS query leaves the machine. */
function targets(allowLoopback: boolean, table: Record<string, string[]>): WebhookTargets {
  const guard = new WebhookTargets({ WEBHOOK_ALLOW_PRIVATE_TARGETS: allowLoopback } as AppConfig);
  guard.resolveAll = (hostname) => {
    const addresses = table[hostname];
    return addresses
      ? Promise.resolve(addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })))
      : Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
  };
  return guard;
}

describe('webhook target guard', () => {
  it.each([
    '0.1.2.3',
    '10.1.2.3',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.169.254',
    '172.20.0.5',
    '192.0.0.9',
    '192.0.2.1',
    '192.88.99.1',
    '192.168.10.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::127.0.0.1',
    '::7f00:1',
    '::ffff:127.0.0.1',
    '::ffff:8.8.8.8',
    '64:ff9b::127.0.0.1',
    '64:ff9b:1::1',
    '100::1',
    '2001::1',
    '2001:2::1',
    '2001:20::1',
    '2001:db8::1',
    '2002:7f00:1::',
    '3fff::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fec0::1',
    'ff02::1',
    '4000::1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001::1'])(
    'admits the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('finds IP literals in URLs as the URL parser normalises them (brackets, hex, embedded IPv4)', () => {
    expect(literalAddressOf(new URL('http://127.0.0.1:8080/hook'))).toBe('127.0.0.1');
    expect(literalAddressOf(new URL('http://[::1]/hook'))).toBe('::1');
    expect(literalAddressOf(new URL('http://0x7f.1/hook'))).toBe('127.0.0.1');
    expect(literalAddressOf(new URL('http://[::127.0.0.1]/hook'))).toBe('::7f00:1');
    expect(literalAddressOf(new URL('https://hooks.example.com/x'))).toBeUndefined();
  });

  it('refuses at registration every literal the attack used, and a name resolving to any blocked address', async () => {
    const guard = targets(false, { 'hooks.example.com': ['93.184.216.34'], 'mixed.test': ['93.184.216.34', '192.0.2.1'] });
    for (const url of [
      'http://192.0.2.1/',
      'http://198.51.100.1/',
      'http://203.0.113.1/',
      'http://[::127.0.0.1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[2002:7f00:1::]/',
      'http://mixed.test/',
      'http://unknown.test/',
    ]) {
      expect({ url, result: await guard.check(new URL(url)).catch((error: Error) => error.name) }).toEqual({ url, result: 'Error' });
    }
    await expect(guard.check(new URL('https://hooks.example.com/x'))).resolves.toBeUndefined();
  });

  it('admits loopback only with the development allowance, never another special-purpose range', async () => {
    const guard = targets(true, { localhost: ['127.0.0.1'], 'blocked.test': ['192.0.2.1'] });
    await expect(guard.check(new URL('http://127.0.0.1:9/'))).resolves.toBeUndefined();
    await expect(guard.check(new URL('http://localhost:9/'))).resolves.toBeUndefined();
    await expect(guard.check(new URL('http://10.0.0.8/'))).rejects.toThrow('special-purpose');
    await expect(guard.check(new URL('http://blocked.test/'))).rejects.toThrow(
      'blocked.test resolves to a special-purpose address (192.0.2.1)',
    );
    expect(targets(false, {}).allows('127.0.0.1')).toBe(false);
  });

  it('as the connection lookup, hands over only the checked address', async () => {
    const guard = targets(false, { 'hooks.example.com': ['93.184.216.34'], 'rebound.test': ['127.0.0.1'] });
    const lookup = (hostname: string, all: boolean) =>
      new Promise<string>((done) =>
        guard.lookup()(hostname, { all }, (error, address) => done(error ? `refused: ${error.message}` : JSON.stringify(address))),
      );
    expect(await lookup('hooks.example.com', false)).toBe('"93.184.216.34"');
    expect(await lookup('hooks.example.com', true)).toBe('[{"address":"93.184.216.34","family":4}]');
    expect(await lookup('rebound.test', false)).toBe('refused: rebound.test resolves to a special-purpose address (127.0.0.1)');
  });
});
