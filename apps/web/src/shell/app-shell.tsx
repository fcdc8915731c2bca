import { useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { asApiError, ApiError } from '../api/api-client';
import { loginPathFor } from '../auth/next-path';
import { useSessionActions, useSessionState } from '../auth/session';
import { PasswordChangePage } from '../settings/password-change-page';
import { ErrorMessage } from '../ui/error-message';
import { Footer } from './footer';
import { MainMenu } from './main-menu';
import { menuFor } from './menu-items';

/**
 * Every screen of a signed-in person: the header (company and name), the
 * menu, the screen, the footer. Nobody signed in: ログイン, then back here
 * (`?next=`). Until the first password change (or after a reset) the API
 * allows nothing else, so whatever the URL, the screen is パスワード変更.
 */
export function AppShell() {
  const state = useSessionState();
  const location = useLocation();
  const { t } = useTranslation('shell');
  const { logout } = useSessionActions();
  const [error, setError] = useState<ApiError | null>(null);

  if (state === undefined) {
    return <p className="muted loading">{t('common:loading')}</p>;
  }
  if (state.status === 'anonymous') {
    // A session ended on purpose (ログアウト, a password change) starts the next person afresh at トップページ; one that lapsed comes back here.
    return <Navigate to={state.notice || state.signedOut ? '/login' : loginPathFor(`${location.pathname}${location.search}`)} replace />;
  }
  const { session, company } = state;
  const signOut = () => {
    setError(null);
    logout().catch((failure: unknown) => setError(asApiError(failure)));
  };
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand">{t('common:appName')}</span>
        <span className="who" data-testid="who">
          {company ? `${company.name} ` : ''}
          {session.name}
        </span>
      </header>
      {session.mustChangePassword ? (
        <nav className="menu" aria-label={t('menuLabel')}>
          <ul className="menu-bar">
            <li>
              <button type="button" className="link-button" onClick={signOut}>
                {t('logout')}
              </button>
            </li>
          </ul>
        </nav>
      ) : (
        <MainMenu items={menuFor({ session, company })} onLogout={signOut} />
      )}
      <main className="screen" id="main">
        <ErrorMessage error={error} />
        {session.mustChangePassword ? <PasswordChangePage /> : <Outlet />}
      </main>
      <Footer />
    </div>
  );
}
