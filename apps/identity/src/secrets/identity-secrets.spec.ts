import { checkNewPassword, checkPasswordRule } from '../passwords/password-policy';
import { generateInitialPassword } from './identity-secrets';

describe('generateInitialPassword', () => {
  it('always meets the password rule and never repeats', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 2_000; index += 1) {
      const password = generateInitialPassword();
      // The strength estimate costs milliseconds; a sample of the random passwords shows it holds too.
      expect(index < 50 ? checkNewPassword(password) : checkPasswordRule(password)).toEqual([]);
      expect(password).toHaveLength(16);
      seen.add(password);
    }
    expect(seen.size).toBe(2_000);
  });
});
