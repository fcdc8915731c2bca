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
  health: '/health-status',
  bulkSignSelect: '/bulk-sign',
  bulkSignSession: (sessionId: string) => `/bulk-sign/sessions/${sessionId}`,
} as const;

/** The session ID of `#/bulk-sign/sessions/<uuid>`, if that is the screen. */
export function bulkSignSessionOf(path: string): string | undefined {
  return /^\/bulk-sign\/sessions\/([0-9a-f-]{36})$/.exec(path)?.[1];
}
