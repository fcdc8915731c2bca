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
  CROSS_ORIGIN_REJECTED: {
    status: 403,
    ja: '他のサイトからの要求は受け付けません。inkan の画面から操作してください。',
    en: 'Requests from another site are refused. Use the inkan pages (or an API client without browser headers).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    ja: '本文はJSON（Content-Type: application/json）で送信してください。',
    en: 'Send the body as JSON (Content-Type: application/json).',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    ja: '要求の受信に時間がかかりすぎたため、接続を閉じました。',
    en: 'The request took too long to arrive; the connection was closed.',
  },
  UPLOAD_FORM_INVALID: {
    status: 400,
    ja: 'multipart/form-data には、登録内容（JSON）の contract と、PDFファイルの pdf を1つずつ含めてください。',
    en: 'Send multipart/form-data with one "contract" field (the registration as JSON) and one "pdf" file.',
  },
} as const;

export const gatewayError = errorFactory(GatewayErrors);
