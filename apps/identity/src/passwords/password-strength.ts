import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's score (0–4) a new password must reach: 3, "safely unguessable" for an online attack with throttling. */
export const PASSWORD_MIN_SCORE = 3;

const zxcvbn = new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });

type Sentence = { ja: string; en: string };

/** zxcvbn's warning keys (it ships no Japanese), as the reason a person reads. */
const WARNINGS: Record<string, Sentence> = {
  straightRow: { ja: 'キーボードで横に並んだキーの並びが使われています。', en: 'It uses a straight row of keys on the keyboard.' },
  keyPattern: { ja: 'キーボード上の短いパターンが使われています。', en: 'It uses a short keyboard pattern.' },
  simpleRepeat: { ja: '「aaa」のような同じ文字の繰り返しが使われています。', en: 'It repeats a character, like "aaa".' },
  extendedRepeat: { ja: '「abcabc」のような文字列の繰り返しが使われています。', en: 'It repeats a pattern, like "abcabc".' },
  sequences: { ja: '「abc」「123」のような連続した文字が使われています。', en: 'It uses a sequence, like "abc" or "123".' },
  recentYears: { ja: '最近の年が使われています。', en: 'It uses a recent year.' },
  dates: { ja: '日付が使われています。', en: 'It uses a date.' },
  topTen: { ja: '非常によく使われているパスワードです。', en: 'It is one of the most used passwords.' },
  topHundred: { ja: 'よく使われているパスワードです。', en: 'It is a very often used password.' },
  common: { ja: 'よく使われているパスワードです。', en: 'It is a commonly used password.' },
  similarToCommon: {
    ja: 'よく使われているパスワード（Password、Qwerty など）に大文字・数字・記号を足しただけのものです。',
    en: 'It is a common password (like Password or Qwerty) with only capitals, digits or symbols added.',
  },
  wordByItself: { ja: '単語ひとつだけでは推測されやすくなります。', en: 'A single word is easy to guess.' },
  namesByThemselves: { ja: '名前や名字だけでは推測されやすくなります。', en: 'Names or surnames alone are easy to guess.' },
  commonNames: { ja: 'よくある名前や名字が使われています。', en: 'It uses a common name or surname.' },
  userInputs: { ja: '個人に関する情報が使われています。', en: 'It uses personal information.' },
  pwned: { ja: '流出したことのあるパスワードです。', en: 'It appeared in a data breach.' },
};

const NO_WARNING: Sentence = {
  ja: '短い、または単純な組み合わせです。',
  en: 'It is short or a simple combination.',
};

/**
 * Why `candidate` is too easy to guess (zxcvbn-ts score below
 * PASSWORD_MIN_SCORE), as a sentence in both languages; null when it is
 * strong enough.
 */
export function passwordWeakness(candidate: string): Sentence | null {
  const result = zxcvbn.check(candidate);
  if (result.score >= PASSWORD_MIN_SCORE) {
    return null;
  }
  const reason = (result.feedback.warning && WARNINGS[result.feedback.warning]) || NO_WARNING;
  return {
    ja: `推測されやすいパスワードです。${reason.ja}単語を増やす、意味のない組み合わせにするなどして、より推測されにくいパスワードにしてください。`,
    en: `This password is easy to guess. ${reason.en} Add words or use an unusual combination.`,
  };
}
