import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, ApiError, rememberCsrfToken } from '../api/api-client';
import type { CompanyView, SessionReply, SessionStateReply, SessionView } from '../api/api-types';

/**
 * Who is using the UI: nobody yet (with why the last session ended, if it did: `signedOut` when the person chose
 * ログアウト), or a person and their company.
 */
export type SessionState =
  | { status: 'anonymous'; reason?: ApiError; notice?: string; signedOut?: true }
  | { status: 'signed-in'; session: SessionView; company: CompanyView | null };

export const SESSION_KEY = ['session'] as const;

async function signedIn(reply: SessionReply): Promise<SessionState> {
  rememberCsrfToken(reply.csrfToken);
  const { companyId } = reply.session;
  // The company names the header and says which options it has; the screens still ask the API.
  const company = companyId ? await api<CompanyView>('GET', `/api/companies/${companyId}`).catch(() => null) : null;
  return { status: 'signed-in', session: reply.session, company };
}

/** The open session, asked once per page load with a probe that answers 200 either way (no 401 in the console). */
async function loadSession(): Promise<SessionState> {
  const reply = await api<SessionStateReply>('GET', '/api/auth/session-state');
  if (reply.session === null) {
    rememberCsrfToken(undefined);
    return { status: 'anonymous' };
  }
  return signedIn(reply);
}

/** The session; `undefined` while the first probe runs. */
export function useSessionState(): SessionState | undefined {
  return useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: Infinity, retry: 1 }).data;
}

/** The signed-in person; for screens under the shell, which renders only when someone is signed in. */
export function useSignedIn(): { session: SessionView; company: CompanyView | null } {
  const state = useSessionState();
  if (state?.status !== 'signed-in') {
    throw new Error('useSignedIn outside a signed-in screen');
  }
  return state;
}

/** Ends what the UI knows of the session: every cached answer goes (one person's data is not the next one's). */
export function endSession(client: QueryClient, ended: { reason?: ApiError; notice?: string; signedOut?: true } = {}): void {
  rememberCsrfToken(undefined);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  client.setQueryData<SessionState>(SESSION_KEY, { status: 'anonymous', ...ended });
}

export function useSessionActions() {
  const client = useQueryClient();
  const login = useCallback(
    async (loginId: string, password: string) => {
      const reply = await api<SessionReply>('POST', '/api/auth/login', { loginId, password });
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      client.setQueryData(SESSION_KEY, await signedIn(reply));
    },
    [client],
  );
  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/auth/logout', {});
    } finally {
      endSession(client, { signedOut: true });
    }
  }, [client]);
  /** The server ended the session on purpose (a password change ends them all): back to ログイン with `notice`. */
  const ended = useCallback((notice: string) => endSession(client, { notice }), [client]);
  return { login, logout, ended };
}

/** The seed's preconditions for 一括署名 as far as the session shows them; the API checks them again on every call. */
export function mayBulkSign(session: SessionView, company: CompanyView | null): boolean {
  return (
    session.kind === 'user' &&
    !session.mustChangePassword &&
    session.bulkSign &&
    session.roles.includes('recipient') &&
    session.roles.includes('signer') &&
    (company?.options.includes('BULK_SIGN') ?? false)
  );
}
