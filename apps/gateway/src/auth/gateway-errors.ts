import { errorFactory } from '@app/contracts';

/** Refusals the gateway itself gives, before any service is asked. */
export const GatewayErrors = {
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    ja: '初回ログインまたはパスワード再発行の後は、パスワード変更を先に行ってください。',
    en: 'Change your password first (required after the first login or a reset).',
  },
  CSRF_REJECTED: {
    status: 403,
    ja: '画面の有効期限が切れたか、不正な要求です。画面を再読み込みしてください。',
    en: 'The request lacks a valid CSRF token. Reload the page and try again.',
  },
  TOO_MANY_LOGIN_ATTEMPTS: {
    status: 429,
    ja: 'ログインの試行回数が多すぎます。しばらく待ってから再度お試しください。',
    en: 'Too many login attempts from this address. Please wait and try again.',
  },
  NOT_FOR_API_TOKENS: {
    status: 403,
    ja: 'この操作はAPIトークンでは行えません。管理用IDでログインしてください。',
    en: 'API tokens cannot do this; log in with the administrator ID.',
  },
} as const;

export const gatewayError = errorFactory(GatewayErrors);
