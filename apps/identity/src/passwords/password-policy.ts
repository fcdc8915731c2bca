import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordWeakness } from './password-strength';

/**
 * The rule for every new password (seed manual, パスワード変更):
 * 半角英字、半角数字、記号を全て含め、8桁以上; the only symbols are ! # $ % & ' - _.
 * Decided here as well: at most 128 characters, not one of the 3,000 most common
 * passwords, not the current password, and hard enough to guess (zxcvbn-ts
 * score 3 or more: `Password1!` and `Qwerty123!` follow the rule but fail this).
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_SYMBOLS = "!#$%&'-_";
export const COMMON_PASSWORD_COUNT = 3_000;

const LETTER = /[A-Za-z]/;
const DIGIT = /[0-9]/;
const SYMBOL = /[!#$%&'\-_]/;
const ALLOWED = /^[A-Za-z0-9!#$%&'\-_]*$/;

/** The most common passwords, most frequent first (zxcvbn-ts's list), compared case-insensitively. */
const commonPasswords = new Set(dictionary['passwords-common'].slice(0, COMMON_PASSWORD_COUNT).map((password) => password.toLowerCase()));

export type PasswordViolation =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'MISSING_LETTER'
  | 'MISSING_DIGIT'
  | 'MISSING_SYMBOL'
  | 'FORBIDDEN_CHARACTER'
  | 'TOO_COMMON'
  | 'TOO_WEAK'
  | 'SAME_AS_CURRENT';

export const passwordViolationMessages: Record<PasswordViolation, { ja: string; en: string }> = {
  TOO_SHORT: {
    ja: `パスワードは${PASSWORD_MIN_LENGTH}文字以上で入力してください。`,
    en: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  },
  TOO_LONG: {
    ja: `パスワードは${PASSWORD_MAX_LENGTH}文字以内で入力してください。`,
    en: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  },
  MISSING_LETTER: {
    ja: 'パスワードには半角英字を含めてください。',
    en: 'Include at least one ASCII letter (A–Z, a–z).',
  },
  MISSING_DIGIT: {
    ja: 'パスワードには半角数字を含めてください。',
    en: 'Include at least one ASCII digit (0–9).',
  },
  MISSING_SYMBOL: {
    ja: "パスワードには記号（! # $ % & ' - _ のいずれか）を含めてください。",
    en: "Include at least one of the symbols ! # $ % & ' - _.",
  },
  FORBIDDEN_CHARACTER: {
    ja: "パスワードに使用できるのは半角英字、半角数字と記号 ! # $ % & ' - _ のみです（全角文字・空白は使えません）。",
    en: "Use only ASCII letters, digits and the symbols ! # $ % & ' - _ (no full-width characters or spaces).",
  },
  TOO_COMMON: {
    ja: 'よく使われているパスワードは使用できません。',
    en: 'This password is too common; choose another.',
  },
  TOO_WEAK: {
    ja: '推測されやすいパスワードは使用できません。',
    en: 'This password is too easy to guess.',
  },
  SAME_AS_CURRENT: {
    ja: '現在のパスワードと異なるパスワードを入力してください。',
    en: 'The new password must differ from the current one.',
  },
};

/**
 * Every rule the candidate breaks, in a fixed order (empty when it is
 * acceptable), so the screen can list them all at once. Strength is judged
 * only once the rule itself is met (a rule broken says more than "weak").
 */
export function checkNewPassword(candidate: string, current?: string): PasswordViolation[] {
  const violations = checkPasswordRule(candidate, current);
  if (violations.length === 0 && passwordWeakness(candidate)) {
    violations.push('TOO_WEAK');
  }
  return violations;
}

/** What `violation` says to a person: TOO_WEAK with zxcvbn's reason for this candidate, the others as written above. */
export function describeViolation(violation: PasswordViolation, candidate: string): { ja: string; en: string } {
  return (violation === 'TOO_WEAK' && passwordWeakness(candidate)) || passwordViolationMessages[violation];
}

/** The `details` of a PASSWORD_RULE refusal: one per rule `candidate` breaks, on the field `newPassword`, TOO_WEAK with zxcvbn's reason. */
export function violationDetails(
  violations: PasswordViolation[],
  candidate: string,
): { path: string; message: string; messageJa: string }[] {
  return violations.map((violation) => {
    const { ja, en } = describeViolation(violation, candidate);
    return { path: 'newPassword', message: en, messageJa: ja };
  });
}

/** The seed's rule and the decided-here checks, without the (slower) strength estimate. */
export function checkPasswordRule(candidate: string, current?: string): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const length = [...candidate].length;
  if (length < PASSWORD_MIN_LENGTH) {
    violations.push('TOO_SHORT');
  }
  if (length > PASSWORD_MAX_LENGTH) {
    violations.push('TOO_LONG');
  }
  if (!LETTER.test(candidate)) {
    violations.push('MISSING_LETTER');
  }
  if (!DIGIT.test(candidate)) {
    violations.push('MISSING_DIGIT');
  }
  if (!SYMBOL.test(candidate)) {
    violations.push('MISSING_SYMBOL');
  }
  if (!ALLOWED.test(candidate)) {
    violations.push('FORBIDDEN_CHARACTER');
  }
  if (commonPasswords.has(candidate.toLowerCase())) {
    violations.push('TOO_COMMON');
  }
  if (current !== undefined && candidate === current) {
    violations.push('SAME_AS_CURRENT');
  }
  return violations;
}
