import { AppError } from './errors';
import {
  generateSealKeyPair,
  seal,
  SealError,
  sealedSecretSchema,
  sealPrivateKey,
  sealPublicKey,
  unseal,
  unsealFromRequest,
} from './sealed-secret';

describe('sealed secrets', () => {
  const pair = generateSealKeyPair();
  const publicKey = sealPublicKey(pair.publicKey);
  const privateKey = sealPrivateKey(pair.privateKey);

  it('opens with the private key and the same context', () => {
    const sealed = seal(publicKey, 'Pa$$w0rd-初期', 'mail:initial-password:U000001');
    expect(sealedSecretSchema.parse(sealed)).toBe(sealed);
    expect(sealed).not.toContain('Pa$$w0rd');
    expect(unseal(privateKey, sealed, 'mail:initial-password:U000001')).toBe('Pa$$w0rd-初期');
  });

  it('never seals the same secret to the same bytes', () => {
    expect(seal(publicKey, 'x', 'c')).not.toBe(seal(publicKey, 'x', 'c'));
  });

  it('refuses another context, another key and tampered bytes', () => {
    const sealed = seal(publicKey, 'secret', 'mail:pin:U000001');
    expect(() => unseal(privateKey, sealed, 'mail:pin:U000002')).toThrow(SealError);
    expect(() => unseal(sealPrivateKey(generateSealKeyPair().privateKey), sealed, 'mail:pin:U000001')).toThrow(SealError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => unseal(privateKey, parts.join('.'), 'mail:pin:U000001')).toThrow(SealError);
    expect(() => unseal(privateKey, 'v2.a.b.c.d', 'mail:pin:U000001')).toThrow(SealError);
  });

  it('refuses an unreadable secret in a request as 400 SECRET_UNREADABLE', () => {
    const sealed = seal(publicKey, 'secret', 'mail:pin:U000001');
    expect(unsealFromRequest(privateKey, sealed, 'mail:pin:U000001')).toBe('secret');
    let error: unknown;
    try {
      unsealFromRequest(privateKey, sealed, 'mail:pin:U000002');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).reply).toMatchObject({ code: 'SECRET_UNREADABLE', status: 400 });
  });
});
