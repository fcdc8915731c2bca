import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { CertificateAuthority, RevokedEntry } from './certificate-authority';
import { CrlPublisher } from './crl.publisher';

function crlNumber(der: Buffer): bigint {
  const extension = new x509.X509Crl(der).extensions.find((candidate) => candidate.type === '2.5.29.20')!;
  return BigInt(`0x${Buffer.from(extension.value).subarray(2).toString('hex')}`);
}

describe('CrlPublisher', () => {
  it('signs one CRL per refresh period, a new one after a revocation, with increasing CRL numbers', async () => {
    const ca = await CertificateAuthority.create({ organization: 'inkan test', crlBaseUrl: 'http://127.0.0.1/crl' });
    const revoked: RevokedEntry[] = [];
    let now = new Date('2026-11-25T10:00:00Z');
    let reads = 0;
    const publisher = new CrlPublisher((entries, number, times) => ca.createCrl(entries, number, times), {
      revoked: () => {
        reads += 1;
        return Promise.resolve([...revoked]);
      },
      refreshMs: 60_000,
      clock: () => now,
    });

    const [first, concurrent] = await Promise.all([publisher.crl(), publisher.crl()]);
    expect(concurrent).toBe(first);
    expect(reads).toBe(1);
    now = new Date(now.getTime() + 30_000);
    expect(await publisher.crl()).toBe(first);

    revoked.push({ serialNumber: '0a1b2c', revokedAt: now });
    publisher.invalidate();
    const afterRevocation = await publisher.crl();
    expect(afterRevocation.crl.entries.map((entry) => entry.serialNumber.toLowerCase())).toEqual(['0a1b2c']);
    expect(crlNumber(afterRevocation.der)).toBeGreaterThan(crlNumber(first.der));
    expect(await afterRevocation.crl.verify({ publicKey: ca.issuingCertificate.publicKey })).toBe(true);

    now = new Date(now.getTime() + 61_000);
    const refreshed = await publisher.crl();
    expect(refreshed).not.toBe(afterRevocation);
    expect(refreshed.crl.thisUpdate.toISOString()).toBe(now.toISOString());
  });

  it('signs again when the version changes (a revocation in another process), and not before', async () => {
    const ca = await CertificateAuthority.create({ organization: 'inkan test', crlBaseUrl: 'http://127.0.0.1/crl' });
    let version = 1;
    let signed = 0;
    const publisher = new CrlPublisher(
      (entries, number, times) => {
        signed += 1;
        return ca.createCrl(entries, number, times);
      },
      {
        revoked: () => Promise.resolve(version > 1 ? [{ serialNumber: '0a', revokedAt: new Date() }] : []),
        version: () => Promise.resolve(version),
      },
    );
    const first = await publisher.crl();
    expect(await publisher.crl()).toBe(first);
    expect(signed).toBe(1);
    expect(first.crl.nextUpdate!.getTime() - first.crl.thisUpdate.getTime()).toBe(7 * 86_400_000);
    version = 2;
    const second = await publisher.crl();
    expect(signed).toBe(2);
    expect(second.crl.entries).toHaveLength(1);
    expect(crlNumber(second.der)).toBeGreaterThan(crlNumber(first.der));
  });
});
