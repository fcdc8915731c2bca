import { checkNewPassword } from '../passwords/password-policy';
import { generateInitialPassword } from './identity-secrets';

describe('generateInitialPassword', () => {
  it('always meets the password rule and never repeats', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 2_000; index += 1) {
      const password = generateInitialPassword();
      expect(checkNewPassword(password)).toEqual([]);
      expect(password).toHaveLength(16);
      seen.add(password);
    }
    expect(seen.size).toBe(2_000);
  });
});
