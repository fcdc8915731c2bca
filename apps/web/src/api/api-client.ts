/** One offending field of a 400, as the gateway names it. */
export interface ErrorDetail {
  path: string;
  message: string;
  messageJa?: string;
}

/** An error as the gateway sends it: `{ error: { code, status, message: { ja, en }, details? }, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly ja: string,
    readonly en: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(`${code}: ${en}`);
    this.name = 'ApiError';
  }
}

const NETWORK_ERROR = new ApiError(
  'NETWORK_ERROR',
  0,
  'サーバーに接続できませんでした。しばらくしてから再度お試しください。',
  'Could not reach the server. Please try again shortly.',
);

// The CSRF token lives only in memory: a reload asks GET /api/auth/session-state for it again.
let csrfToken: string | undefined;
const unauthenticatedListeners = new Set<(error: ApiError) => void>();

export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The headers a change needs besides its body: the CSRF token (for requests not sent by `api`, e.g. an XHR upload). */
export function changeHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Called when a request answers 401: the session ended (idle, password change, logout elsewhere). */
export function onUnauthenticated(listener: (error: ApiError) => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An error body of the gateway as an ApiError (also for requests not sent by `api`, e.g. an XHR upload). */
export function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string' && isRecord(error.message)) {
    const details = Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [];
    return new ApiError(error.code, status, String(error.message.ja), String(error.message.en), details);
  }
  return new ApiError(
    'UNEXPECTED_REPLY',
    status,
    `サーバーから予期しない応答がありました（HTTP ${status}）。`,
    `The server gave an unexpected reply (HTTP ${status}).`,
  );
}

/** Any thrown value as an ApiError, so every screen shows errors one way. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) {
    return error;
  }
  return new ApiError(
    'CLIENT_ERROR',
    0,
    '画面の処理中にエラーが発生しました。画面を再読み込みしてください。',
    'Something went wrong on this screen. Please reload the page.',
  );
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * A request to the gateway with the session cookie (same origin) and, on
 * changes, the CSRF token. Answers the response when it is OK, else throws
 * the ApiError its body names.
 */
async function send(method: Method, path: string, accept: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw NETWORK_ERROR;
  }
  if (response.ok) {
    return response;
  }
  const error = toApiError(response.status, parseJson(await response.text()));
  // A wrong login is a 401 too, but it ends no session.
  if (response.status === 401 && path !== '/api/auth/login') {
    unauthenticatedListeners.forEach((listener) => listener(error));
  }
  throw error;
}

export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON request: answers the parsed body or throws ApiError. */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, 'application/json', body);
  return parseJson(await response.text()) as T;
}

/** A file download (GET), as the bytes the gateway sent; refusals throw ApiError as `api` does. */
export async function apiBlob(path: string, type = 'application/pdf'): Promise<Blob> {
  const response = await send('GET', path, `${type}, application/json`);
  try {
    return new Blob([await response.arrayBuffer()], { type });
  } catch {
    throw NETWORK_ERROR;
  }
}

/** A query string of the non-empty values (`?a=1&b=x`), or '' when all are empty. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    const text = value === undefined ? '' : String(value).trim();
    if (text !== '') {
      params.set(key, text);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
