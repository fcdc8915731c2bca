import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ReactNode, useEffect } from 'react';
import { onUnauthenticated } from './api/api-client';
import { endSession, SESSION_KEY, SessionState, useSessionState } from './auth/session';
import { applyLanguage, isLanguage } from './i18n/i18n';
import { AnnouncerProvider } from './shell/announcer';

/** A 401 on any call ends what the UI knows of the session; the shell then sends the person to ログイン, saying why. */
function SessionWatch({ client }: { client: QueryClient }) {
  const state = useSessionState();
  useEffect(
    () =>
      onUnauthenticated((reason) => {
        if (client.getQueryData<SessionState>(SESSION_KEY)?.status === 'signed-in') {
          endSession(client, { reason });
        }
      }),
    [client],
  );
  // The user's language setting picks the dictionaries once signed in.
  const language = state?.status === 'signed-in' ? state.session.language : undefined;
  useEffect(() => {
    if (isLanguage(language)) {
      void applyLanguage(language);
    }
  }, [language]);
  return null;
}

export function AppProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <AnnouncerProvider>
        <SessionWatch client={client} />
        {children}
      </AnnouncerProvider>
    </QueryClientProvider>
  );
}
