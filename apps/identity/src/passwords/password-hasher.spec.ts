import { hashPassword, needsRehash, verifyPassword } from './password-hasher';

describe('password hashing (argon2id, real native implementation)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('Abcdef1!');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, 'Abcdef1!')).toBe(true);
    expect(await verifyPassword(hash, 'Abcdef1#')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('salts every hash, so equal passwords do not give equal hashes', async () => {
    const [first, second] = await Promise.all([hashPassword('Abcdef1!'), hashPassword('Abcdef1!')]);
    expect(first).not.toBe(second);
  });

  it('answers false, without throwing, for something that is not an argon2 hash', async () => {
    expect(await verifyPassword('not-a-hash', 'Abcdef1!')).toBe(false);
  });

  it('asks for a re-hash only when the parameters are weaker than today', async () => {
    expect(needsRehash(await hashPassword('Abcdef1!'))).toBe(false);
    const argon2 = await import('argon2');
    const weak = await argon2.hash('Abcdef1!', { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(needsRehash(weak)).toBe(true);
    expect(await verifyPassword(weak, 'Abcdef1!')).toBe(true);
  });
});
