import { randomBytes, sign, verify } from 'node:crypto';
import { generateKeyPair } from './key-algorithm';
import { unwrapPrivateKey, wrapPrivateKey } from './private-key-wrap';

describe('wrapPrivateKey / unwrapPrivateKey', () => {
  const master = randomBytes(32);

  it.each(['rsa-2048', 'ecdsa-p256'] as const)('round-trips a %s key that still signs', async (algorithm) => {
    const { privateKey, publicKey } = await generateKeyPair(algorithm);
    const wrapped = wrapPrivateKey(privateKey, master, 'serial-01');
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
    expect(wrapped.includes(pkcs8.subarray(-32))).toBe(false);
    const unwrapped = unwrapPrivateKey(wrapped, master, 'serial-01');
    const signature = sign('sha256', Buffer.from('doc'), unwrapped);
    expect(verify('sha256', Buffer.from('doc'), publicKey, signature)).toBe(true);
  });

  it('uses a fresh data key and IV each time', async () => {
    const { privateKey } = await generateKeyPair('ecdsa-p256');
    expect(wrapPrivateKey(privateKey, master).equals(wrapPrivateKey(privateKey, master))).toBe(false);
  });

  it('refuses a wrong master key, a wrong context, a changed byte, and a master key of the wrong size', async () => {
    const { privateKey } = await generateKeyPair('ecdsa-p256');
    const wrapped = wrapPrivateKey(privateKey, master, 'serial-01');
    expect(() => unwrapPrivateKey(wrapped, randomBytes(32), 'serial-01')).toThrow();
    expect(() => unwrapPrivateKey(wrapped, master, 'serial-02')).toThrow();
    for (const position of [1, 20, 80, wrapped.length - 1]) {
      const tampered = Buffer.from(wrapped);
      tampered[position] ^= 0x01;
      expect(() => unwrapPrivateKey(tampered, master, 'serial-01')).toThrow();
    }
    expect(() => wrapPrivateKey(privateKey, randomBytes(16))).toThrow(/32 bytes/);
  });
});
