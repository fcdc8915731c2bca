import { FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { asApiError, ApiError } from '../api/api-client';
import { Footer } from '../shell/footer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { safeNextPath } from './next-path';
import { useSessionActions, useSessionState } from './session';

/**
 * ログイン: 利用者ID and パスワード, as the seed manual's screen (the login
 * API takes no company ID: a 利用者ID is unique across companies), then the
 * screen of `?next=` (a mail's link) or トップページ.
 */
export function LoginPage() {
  const { t } = useTranslation('auth');
  const state = useSessionState();
  const { login } = useSessionActions();
  const [params] = useSearchParams();
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  if (state?.status === 'signed-in') {
    return <Navigate to={safeNextPath(params.get('next'))} replace />;
  }
  const reason = state?.status === 'anonymous' ? state.reason : undefined;
  const notice = state?.status === 'anonymous' ? state.notice : undefined;
  const shownError = error ?? reason ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entered = password;
    // The password stays in this request only.
    setPassword('');
    setError(null);
    setPending(true);
    login(loginId.trim(), entered).catch((failure: unknown) => {
      setError(asApiError(failure));
      setPending(false);
    });
  };

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">{t('common:appName')}</span>
      </header>
      <main className="screen narrow" id="main">
        <Page title={t('title')}>
          <p className="muted">{t('lead')}</p>
          {notice && !shownError && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          <ErrorMessage error={shownError} />
          <form className="form" method="post" onSubmit={submit}>
            <label>
              {t('loginId')}
              <input
                name="loginId"
                autoComplete="username"
                placeholder="U000000"
                value={loginId}
                onChange={(event) => setLoginId(event.target.value)}
                required
              />
            </label>
            <label>
              {t('password')}
              <input
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                required
              />
            </label>
            <div className="form-actions">
              <button type="submit" disabled={pending}>
                {t('submit')}
              </button>
            </div>
          </form>
          <p>
            <Link to="/password-reset">{t('forgotPassword')}</Link>
          </p>
        </Page>
      </main>
      <Footer />
    </div>
  );
}
