import { errorFactory } from '@app/contracts';

/** Every refusal identity gives, with the rule it names, in Japanese and English. */
export const IdentityErrors = {
  INVALID_CREDENTIALS: {
    status: 401,
    ja: '利用者IDまたはパスワードが正しくないか、利用者IDがロックされています。ロックされた場合は管理者にお問い合わせください。',
    en: 'The user ID or password is wrong, or the user ID is locked. If it is locked, ask your administrator.',
  },
  SESSION_EXPIRED: {
    status: 401,
    ja: 'ログインの有効期限が切れました。もう一度ログインしてください。',
    en: 'Your session has ended. Please log in again.',
  },
  API_TOKEN_INVALID: {
    status: 401,
    ja: 'APIトークンが無効です（期限切れ・失効・誤り）。',
    en: 'The API token is not valid (expired, revoked or wrong).',
  },
  LOGIN_PASSWORD_WRONG: {
    status: 400,
    ja: 'ログインパスワードが正しくありません。5回続けて誤ると利用者IDがロックされます。',
    en: 'The login password is wrong. Five wrong passwords in a row lock the user ID.',
  },
  PASSWORD_RULE: {
    status: 400,
    ja: '新しいパスワードがルールを満たしていません。',
    en: 'The new password does not meet the password rule.',
  },
  PASSWORD_CONFIRMATION_MISMATCH: {
    status: 400,
    ja: '新しいパスワードと確認用パスワードが一致しません。',
    en: 'The new password and its confirmation differ.',
  },
  CURRENT_PASSWORD_WRONG: {
    status: 400,
    ja: '現在のパスワードが正しくありません。',
    en: 'The current password is wrong.',
  },
  OPTION_NOT_ALLOWED_FOR_PLAN: {
    status: 400,
    ja: '案件管理オプション（MATTER）は片方課金プラン（ONE_SIDE）の企業のみ利用できます。',
    en: 'The matter option (MATTER) is only available to companies on the one-side-pays plan (ONE_SIDE).',
  },
  BULK_SIGN_OPTION_REQUIRED: {
    status: 400,
    ja: '一括署名を設定するには、企業に一括署名オプション（BULK_SIGN）が必要です。',
    en: 'Bulk signing can only be enabled when the company has the bulk-signing option (BULK_SIGN).',
  },
  BULK_SIGN_REQUIRES_RECIPIENT_AND_SIGNER: {
    status: 400,
    ja: '一括署名を設定する利用者IDには、受取担当者と署名者の両方の役割が必要です。',
    en: 'A user ID enabled for bulk signing must have both the recipient and the signer role.',
  },
  OPTION_IN_USE: {
    status: 409,
    ja: '一括署名が設定された利用者IDがあるため、一括署名オプションを外せません。先に利用者の設定を解除してください。',
    en: 'Users still have bulk signing enabled; turn it off for them before removing the bulk-signing option.',
  },
  ADMINISTRATOR_PROTECTED: {
    status: 409,
    ja: '管理用IDは無効化できず、役割・一括署名も設定できません。',
    en: 'The administrator ID cannot be disabled and holds no contract roles or bulk signing.',
  },
  ADMINISTRATOR_SELF_ONLY: {
    status: 403,
    ja: '管理用IDのメールアドレス・パスワード・役割・利用状態は、管理用ID本人（または運営者）がログインして変更してください（APIトークンや他の利用者からは変更できません）。',
    en: "Only the administrator itself (or the platform operator), logged in, can change the administrator ID's e-mail address, password, roles or status (not an API token, not another user).",
  },
  INVITATION_NOT_ALLOWED: {
    status: 403,
    ja: '取引先の招待は片方課金プラン（ONE_SIDE）の企業の管理用IDのみ行えます。',
    en: 'Only the administrator of a company on the one-side-pays plan (ONE_SIDE) can invite partners.',
  },
  PASSWORD_RESET_INVALID: {
    status: 400,
    ja: 'このパスワード再設定のリンクは無効です（使用済み・期限切れ・誤り）。ログイン画面の「パスワードを忘れた場合」からもう一度お申し込みください。',
    en: 'This password reset link is not valid (already used, expired or wrong). Ask for a new one with "Forgot your password?" on the login screen.',
  },
  PASSWORD_REQUIRED_FOR_EMAIL: {
    status: 400,
    ja: 'メールアドレスを変更するには、ログインパスワードを入力してください。',
    en: 'Enter your login password to change your e-mail address.',
  },
  INVITATION_INVALID: {
    status: 404,
    ja: 'この利用申請のリンクは無効です（使用済み・期限切れ・誤り）。招待元の企業に再送を依頼してください。',
    en: 'This application link is not valid (already used, expired or wrong). Ask the inviting company to send a new one.',
  },
} as const;
export type IdentityErrorCode = keyof typeof IdentityErrors;

export const identityError = errorFactory(IdentityErrors);
