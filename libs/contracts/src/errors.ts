import { z } from 'zod';

/** Messages for the errors every service can return; domain errors add their own codes. */
export const CommonErrors = {
  VALIDATION_FAILED: {
    status: 400,
    ja: '入力内容に誤りがあります。',
    en: 'The request is not valid.',
  },
  UNAUTHENTICATED: { status: 401, ja: 'ログインしてください。', en: 'Please log in.' },
  FORBIDDEN: { status: 403, ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, ja: '対象が見つかりません。', en: 'Not found.' },
  CONFLICT: { status: 409, ja: '他の操作と競合しました。', en: 'This conflicts with another change.' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    ja: 'ファイルが大きすぎます。',
    en: 'The file is too large.',
  },
  NO_HANDLER: {
    status: 501,
    ja: 'この要求を処理するサービスがありません。',
    en: 'No service handles this request.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    ja: 'サービスに接続できません。しばらくしてから再度お試しください。',
    en: 'A service is unavailable. Please try again shortly.',
  },
  TIMEOUT: {
    status: 504,
    ja: 'サービスの応答がありませんでした。しばらくしてから再度お試しください。',
    en: 'A service did not answer in time. Please try again shortly.',
  },
  SECRET_UNREADABLE: {
    status: 400,
    ja: '送信された秘密情報を読み取れませんでした。画面を再読み込みしてやり直してください。',
    en: 'The secret sent with the request could not be read. Reload the page and try again.',
  },
  INTERNAL: {
    status: 500,
    ja: 'システムエラーが発生しました。',
    en: 'An internal error occurred.',
  },
} as const;
export type CommonErrorCode = keyof typeof CommonErrors;

export const errorReplySchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  status: z.number().int().min(400).max(599),
  message: z.object({ ja: z.string().min(1), en: z.string().min(1) }),
  details: z.array(z.object({ path: z.string(), message: z.string(), messageJa: z.string().optional() })).optional(),
});
export type ErrorReply = z.infer<typeof errorReplySchema>;

/**
 * An error meant for the user: a stable code, an HTTP status and a message in
 * both languages. Crosses process boundaries as an ErrorReply, never a stack.
 */
export class AppError extends Error {
  constructor(readonly reply: ErrorReply) {
    super(`${reply.code}: ${reply.message.en}`);
    this.name = 'AppError';
  }

  static of(code: CommonErrorCode, details?: ErrorReply['details']): AppError {
    const { status, ja, en } = CommonErrors[code];
    return new AppError({ code, status, message: { ja, en }, ...(details ? { details } : {}) });
  }

  static isErrorReply(value: unknown): value is ErrorReply {
    return errorReplySchema.safeParse(value).success;
  }
}

export interface ErrorDefinition {
  readonly status: number;
  readonly ja: string;
  readonly en: string;
}

/** A service's own error table becomes a typed factory: `const identityError = errorFactory(IdentityErrors)`. */
export function errorFactory<T extends Record<string, ErrorDefinition>>(
  table: T,
): (code: keyof T & string, details?: ErrorReply['details']) => AppError {
  return (code, details) => {
    const { status, ja, en } = table[code] as ErrorDefinition;
    return new AppError({ code, status, message: { ja, en }, ...(details ? { details } : {}) });
  };
}
