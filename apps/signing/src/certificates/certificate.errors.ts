import { AppError, errorFactory } from '@app/contracts';

/** Refusals about certificates, PINs, signing passwords and signatures, in Japanese and English. */
export const CertificateErrors = {
  CERTIFICATE_NEEDS_SIGNER: {
    status: 400,
    ja: '電子証明書は署名権限（署名者の役割）を持つ有効な利用者IDにのみ発行・紐付けできます。',
    en: 'Certificates are issued to, and linked with, active user IDs that have the signer role only.',
  },
  CERTIFICATE_ALREADY_LINKED: {
    status: 409,
    ja: 'この電子証明書は既にこの利用者IDに紐付いています。',
    en: 'This certificate is already linked to this user ID.',
  },
  CERTIFICATE_REVOKED: {
    status: 409,
    ja: 'この電子証明書は失効しています。',
    en: 'This certificate has been revoked.',
  },
  CERTIFICATE_EXPIRED: {
    status: 409,
    ja: 'この電子証明書は有効期限が切れています。',
    en: 'This certificate has expired.',
  },
  CERTIFICATE_LOCKED: {
    status: 423,
    ja: 'PINまたはログインパスワードを5回続けて誤ったため、この電子証明書はロックされています。管理者にロック解除を依頼してください。',
    en: 'This certificate is locked after five wrong PIN or password entries in a row. Ask your administrator to unlock it.',
  },
  /**
   * One answer for a wrong PIN, a wrong login password or both: neither may be learnt from the other. Sent through
   * `activationFailed`, which adds how many tries are left (each wrong try counts alike).
   */
  CERTIFICATE_ACTIVATION_FAILED: {
    status: 400,
    ja: 'PINまたはログインパスワードが正しくありません。PINまたはログインパスワードを5回続けて誤るとこの電子証明書はロックされ、ログインパスワードを5回続けて誤ると利用者IDもロックされます。',
    en: 'The PIN or the login password is wrong. Five wrong PIN or password entries in a row lock this certificate; five wrong login passwords in a row also lock your user ID.',
  },
  CERTIFICATE_NOT_ACTIVE: {
    status: 409,
    ja: 'この電子証明書は有効性確認（証明書有効性確認）が済んでいません。',
    en: 'This certificate has not been activated for you (証明書有効性確認) yet.',
  },
  SIGNING_PASSWORD_INVALID: {
    status: 400,
    ja: '署名用パスワードが無効です（期限切れ・使用済み・無効化済み）。署名用パスワードを再発行してください。',
    en: 'The signing password is no longer valid (expired, used or voided). Request a new one.',
  },
  SIGNING_PASSWORD_WRONG: {
    status: 400,
    ja: '署名用パスワードが正しくありません。5回続けて誤ると無効になります。',
    en: 'The signing password is wrong. Five wrong entries in a row void it.',
  },
  SIGNING_PASSWORD_REISSUE_LIMIT: {
    status: 429,
    ja: '署名用パスワードの再発行は1時間に決められた回数までです。届いているメールをご確認いただくか、しばらくしてから再度お試しください。',
    en: 'A signing password can be re-issued only a limited number of times per hour. Check the mails you received, or try again later.',
  },
  SIGNING_PASSWORD_VOIDED: {
    status: 400,
    ja: '署名用パスワードを5回続けて誤ったため無効になりました。署名用パスワードを再発行してください。',
    en: 'The signing password was voided after five wrong entries. Request a new one.',
  },
} as const;
export type CertificateErrorCode = keyof typeof CertificateErrors;

export const certificateError = errorFactory(CertificateErrors);

/** SIGNING_PASSWORD_REISSUE_LIMIT with the moment a re-issue is possible again (Japan time in Japanese, UTC in English). */
export function reissueLimitError(limit: number, retryAt: Date): AppError {
  const { status, ja, en } = CertificateErrors.SIGNING_PASSWORD_REISSUE_LIMIT;
  const japanTime = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }).format(retryAt);
  return new AppError({
    code: 'SIGNING_PASSWORD_REISSUE_LIMIT',
    status,
    message: {
      ja: `${ja}（上限: 1時間に${limit}回。${japanTime} 以降に再発行できます）`,
      en: `${en} (limit: ${limit} per hour; possible again from ${retryAt.toISOString()})`,
    },
  });
}

/**
 * CERTIFICATE_ACTIVATION_FAILED with the tries left before the certificate locks, in both languages' message and as
 * `details` (`{ path: 'attemptsLeft', message: '<n>' }`). Every wrong try counts one, whichever of PIN and login
 * password was wrong, so the count tells no more than the answer.
 */
export function activationFailed(attemptsLeft: number): AppError {
  const { status, ja, en } = CertificateErrors.CERTIFICATE_ACTIVATION_FAILED;
  return new AppError({
    code: 'CERTIFICATE_ACTIVATION_FAILED',
    status,
    message: {
      ja: `${ja}（ロックまで残り ${attemptsLeft} 回）`,
      en: `${en} (${attemptsLeft} ${attemptsLeft === 1 ? 'attempt' : 'attempts'} left before the lock)`,
    },
    details: [{ path: 'attemptsLeft', message: String(attemptsLeft), messageJa: String(attemptsLeft) }],
  });
}
