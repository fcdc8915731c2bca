import { dictionary } from '@zxcvbn-ts/language-common';
import { checkNewPassword, COMMON_PASSWORD_COUNT, PASSWORD_SYMBOLS, passwordViolationMessages } from './password-policy';

describe('new password rule (seed: 半角英字、半角数字、記号を全て含め、8桁以上)', () => {
  it.each([...PASSWORD_SYMBOLS])('accepts the allowed symbol %s', (symbol) => {
    expect(checkNewPassword(`Abcdef1${symbol}`)).toEqual([]);
  });

  it.each(['@', '*', '(', ')', '+', '=', '.', ',', '/', '?', '~', '^', '"', ';', ':', '<', '>', '[', ']', '{', '}', '|', '\\', '`'])(
    'refuses the symbol %s as forbidden (and so as missing an allowed symbol)',
    (symbol) => {
      expect(checkNewPassword(`Abcdef12${symbol}`)).toEqual(['MISSING_SYMBOL', 'FORBIDDEN_CHARACTER']);
      expect(checkNewPassword(`Abcdef1!${symbol}`)).toEqual(['FORBIDDEN_CHARACTER']);
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
    expect(checkNewPassword(password)).toContain('FORBIDDEN_CHARACTER');
  });

  it.each([
    ['no letter', '1234567!', ['MISSING_LETTER']],
    ['no digit', 'Abcdefg!', ['MISSING_DIGIT']],
    ['no symbol', 'Abcdefg1', ['MISSING_SYMBOL']],
    ['letters only', 'Abcdefgh', ['MISSING_DIGIT', 'MISSING_SYMBOL']],
  ])('refuses a password with %s', (_label, password, expected) => {
    expect(checkNewPassword(password)).toEqual(expected);
  });

  it('counts length in characters: 7 is too short, 8 and 128 are fine, 129 is too long', () => {
    expect(checkNewPassword('Abcde1!')).toEqual(['TOO_SHORT']);
    expect(checkNewPassword('Abcdef1!')).toEqual([]);
    expect(checkNewPassword(`Ab1!${'x'.repeat(124)}`)).toEqual([]);
    expect(checkNewPassword(`Ab1!${'x'.repeat(125)}`)).toEqual(['TOO_LONG']);
    expect(checkNewPassword('')).toEqual(['TOO_SHORT', 'MISSING_LETTER', 'MISSING_DIGIT', 'MISSING_SYMBOL']);
  });

  it(`refuses the ${COMMON_PASSWORD_COUNT} most common passwords, whatever their case`, () => {
    const common = dictionary['passwords-common'];
    expect(checkNewPassword('password')).toContain('TOO_COMMON');
    expect(checkNewPassword('PassWord')).toContain('TOO_COMMON');
    expect(checkNewPassword(common[COMMON_PASSWORD_COUNT - 1])).toContain('TOO_COMMON');
    expect(checkNewPassword(common[COMMON_PASSWORD_COUNT])).not.toContain('TOO_COMMON');
  });

  it('refuses the current password as the new one', () => {
    expect(checkNewPassword('Abcdef1!', 'Abcdef1!')).toEqual(['SAME_AS_CURRENT']);
    expect(checkNewPassword('Abcdef1!', 'Abcdef1#')).toEqual([]);
  });

  it('has a Japanese and an English message for every rule', () => {
    for (const message of Object.values(passwordViolationMessages)) {
      expect(message.ja).toMatch(/パスワード/);
      expect(message.en.length).toBeGreaterThan(10);
    }
    expect(passwordViolationMessages.MISSING_SYMBOL.ja).toContain("! # $ % & ' - _");
  });
});
