import { useSyncExternalStore } from 'react';

/**
 * The screen is named by the URL fragment (`#/bulk-sign`): the gateway serves
 * only the files of the build, so every screen loads from `/` and a reload
 * keeps the screen.
 */
function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentPath(): string {
  const path = window.location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
}

export function useHashPath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: string): void {
  window.location.hash = path;
}

export const Routes = {
  top: '/',
  /** トップページ showing page `page` of マイリスト. */
  topPage: (page: number) => (page > 1 ? `/?page=${page}` : '/'),
  health: '/health-status',
  bulkSignSelect: '/bulk-sign',
  bulkSignSession: (sessionId: string) => `/bulk-sign/sessions/${sessionId}`,
  /** 契約文書情報, with the screen that 戻る returns to. */
  contract: (contractId: string, from: string) => `/contracts/${contractId}?from=${encodeURIComponent(from)}`,
  password: '/settings/password',
} as const;

function splitQuery(path: string): { pathname: string; params: URLSearchParams } {
  const at = path.indexOf('?');
  return at < 0
    ? { pathname: path, params: new URLSearchParams() }
    : { pathname: path.slice(0, at), params: new URLSearchParams(path.slice(at + 1)) };
}

/** The マイリスト page of `#/` or `#/?page=2`, if that is the screen; anything but a page number means the first. */
export function topPageOf(path: string): number | undefined {
  const { pathname, params } = splitQuery(path);
  if (pathname !== Routes.top) {
    return undefined;
  }
  const page = Number(params.get('page') ?? '1');
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/** The session ID of `#/bulk-sign/sessions/<uuid>`, if that is the screen. */
export function bulkSignSessionOf(path: string): string | undefined {
  return /^\/bulk-sign\/sessions\/([0-9a-f-]{36})$/.exec(path)?.[1];
}

/** The contract of `#/contracts/<uuid>?from=…` and the screen to return to (トップページ unless named). */
export function contractOf(path: string): { contractId: string; from: string } | undefined {
  const { pathname, params } = splitQuery(path);
  const contractId = /^\/contracts\/([0-9a-f-]{36})$/.exec(pathname)?.[1];
  if (!contractId) {
    return undefined;
  }
  const from = params.get('from') ?? '';
  return { contractId, from: from.startsWith('/') ? from : Routes.top };
}
