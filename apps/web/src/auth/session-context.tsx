import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, ApiError, onUnauthenticated, rememberCsrfToken } from '../shell/api-client';

/** GET /api/auth/session's `session`: who is logged in. */
export interface SessionView {
  subjectId: string;
  kind: 'user' | 'operator';
  companyId: string | null;
  name: string;
  roles: string[];
  bulkSign: boolean;
  mustChangePassword: boolean;
}

/** GET /api/companies/{own}: for the company name and its options. */
export interface CompanyView {
  companyId: string;
  name: string;
  options: string[];
}

interface SessionReply {
  session: SessionView;
  csrfToken: string;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: ApiError; notice?: string }
  | { status: 'signed-in'; session: SessionView; company: CompanyView | null };

interface SessionApi {
  state: SessionState;
  login: (loginId: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** The server ended the session (a password change ends them all): back to ログイン, saying why. */
  ended: (notice: string) => void;
}

const SessionContext = createContext<SessionApi | null>(null);

async function signedIn(reply: SessionReply): Promise<SessionState> {
  rememberCsrfToken(reply.csrfToken);
  const { companyId } = reply.session;
  // The company only names the header and says whether it has the option; the screens still ask the API.
  const company = companyId ? await api<CompanyView>('GET', `/api/companies/${companyId}`).catch(() => null) : null;
  return { status: 'signed-in', session: reply.session, company };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let active = true;
    api<SessionReply>('GET', '/api/auth/session')
      .then(signedIn)
      .then(
        (next) => active && setState(next),
        () => active && setState({ status: 'anonymous' }),
      );
    const stop = onUnauthenticated((reason) => {
      rememberCsrfToken(undefined);
      setState((current) => (current.status === 'signed-in' ? { status: 'anonymous', reason } : current));
    });
    return () => {
      active = false;
      stop();
    };
  }, []);

  const login = useCallback(async (loginId: string, password: string) => {
    const reply = await api<SessionReply>('POST', '/api/auth/login', { loginId, password });
    setState(await signedIn(reply));
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/auth/logout', {});
    } finally {
      rememberCsrfToken(undefined);
      setState({ status: 'anonymous' });
    }
  }, []);

  const ended = useCallback((notice: string) => {
    rememberCsrfToken(undefined);
    setState({ status: 'anonymous', notice });
  }, []);

  const value = useMemo(() => ({ state, login, logout, ended }), [state, login, logout, ended]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) {
    throw new Error('useSession outside SessionProvider');
  }
  return value;
}

/** The seed's preconditions as far as the session shows them; the API checks them again on every call. */
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
