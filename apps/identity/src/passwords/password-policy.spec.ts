import { dictionary } from '@zxcvbn-ts/language-common';
import {
  checkNewPassword,
  checkPasswordRule,
  COMMON_PASSWORD_COUNT,
  describeViolation,
  PASSWORD_SYMBOLS,
  passwordViolationMessages,
} from './password-policy';

describe('new password rule (seed: 半角英字、半角数字、記号を全て含め、8桁以上)', () => {
  it.each([...PASSWORD_SYMBOLS])('accepts the allowed symbol %s', (symbol) => {
    expect(checkPasswordRule(`Abcdef1${symbol}`)).toEqual([]);
  });

  it.each(['@', '*', '(', ')', '+', '=', '.', ',', '/', '?', '~', '^', '"', ';', ':', '<', '>', '[', ']', '{', '}', '|', '\\', '`'])(
    'refuses the symbol %s as forbidden (and so as missing an allowed symbol)',
    (symbol) => {
      expect(checkPasswordRule(`Abcdef12${symbol}`)).toEqual(['MISSING_SYMBOL', 'FORBIDDEN_CHARACTER']);
      expect(checkPasswordRule(`Abcdef1!${symbol}`)).toEqual(['FORBIDDEN_CHARACTER']);
    },
  );

  it.each([
    ['a full-width letter', 'Ａbcdef1!'],
    ['a full-width digit', 'Abcdefg１!'],
    ['a full-width symbol', 'Abcdef1！x'],
    ['Japanese text', 'Abc1!印鑑です'],
    ['a space', 'Abc def1!'],
    ['an ideographic space', 'Abc\u3000def1!'],
    ['a tab', 'Abc\tdef1!'],
  ])('refuses %s', (_label, password) => {
    expect(checkPasswordRule(password)).toContain('FORBIDDEN_CHARACTER');
  });

  it.each([
    ['no letter', '1234567!', ['MISSING_LETTER']],
    ['no digit', 'Abcdefg!', ['MISSING_DIGIT']],
    ['no symbol', 'Abcdefg1', ['MISSING_SYMBOL']],
    ['letters only', 'Abcdefgh', ['MISSING_DIGIT', 'MISSING_SYMBOL']],
  ])('refuses a password with %s', (_label, password, expected) => {
    expect(checkPasswordRule(password)).toEqual(expected);
  });

  it('counts length in characters: 7 is too short, 8 and 128 are fine, 129 is too long', () => {
    expect(checkPasswordRule('Abcde1!')).toEqual(['TOO_SHORT']);
    expect(checkPasswordRule('Abcdef1!')).toEqual([]);
    expect(checkPasswordRule(`Ab1!${'x'.repeat(124)}`)).toEqual([]);
    expect(checkPasswordRule(`Ab1!${'x'.repeat(125)}`)).toEqual(['TOO_LONG']);
    expect(checkPasswordRule('')).toEqual(['TOO_SHORT', 'MISSING_LETTER', 'MISSING_DIGIT', 'MISSING_SYMBOL']);
  });

  it(`refuses the ${COMMON_PASSWORD_COUNT} most common passwords, whatever their case`, () => {
    const common = dictionary['passwords-common'];
    expect(checkPasswordRule('password')).toContain('TOO_COMMON');
    expect(checkPasswordRule('PassWord')).toContain('TOO_COMMON');
    expect(checkPasswordRule(common[COMMON_PASSWORD_COUNT - 1])).toContain('TOO_COMMON');
    expect(checkPasswordRule(common[COMMON_PASSWORD_COUNT])).not.toContain('TOO_COMMON');
  });

  it('refuses the current password as the new one', () => {
    expect(checkPasswordRule('Abcdef1!', 'Abcdef1!')).toEqual(['SAME_AS_CURRENT']);
    expect(checkPasswordRule('Abcdef1!', 'Abcdef1#')).toEqual([]);
  });

  it('has a Japanese and an English message for every rule', () => {
    for (const message of Object.values(passwordViolationMessages)) {
      expect(message.ja).toMatch(/パスワード/);
      expect(message.en.length).toBeGreaterThan(10);
    }
    expect(passwordViolationMessages.MISSING_SYMBOL.ja).toContain("! # $ % & ' - _");
  });
});

describe('new password strength (zxcvbn-ts score 3 or more)', () => {
  it.each(['Password1!', 'Qwerty123!', 'Abcdef1!'])('refuses %s, which follows the rule but is easy to guess, saying why', (password) => {
    expect(checkPasswordRule(password)).toEqual([]);
    expect(checkNewPassword(password)).toEqual(['TOO_WEAK']);
    const { ja, en } = describeViolation('TOO_WEAK', password);
    expect(ja).toMatch(/^推測されやすいパスワードです。.+。/);
    expect(en).toMatch(/^This password is easy to guess\. .+\./);
  });

  it('names the reason: a common word with capitals, digits and symbols added', () => {
    expect(describeViolation('TOO_WEAK', 'Password1!').ja).toContain('よく使われているパスワード（Password、Qwerty など）');
    expect(describeViolation('TOO_WEAK', 'Qwerty123!').en).toContain('a common password (like Password or Qwerty)');
  });

  it.each(['Takahashi-2027', 'Demo-pass-2026', 'Kouji-2026!'])('accepts %s', (password) => {
    expect(checkNewPassword(password)).toEqual([]);
  });

  it('judges strength only once the rule is met', () => {
    expect(checkNewPassword('abcdefgh')).toEqual(['MISSING_DIGIT', 'MISSING_SYMBOL']);
  });
});
