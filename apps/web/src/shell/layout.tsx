import { ReactNode, useState } from 'react';
import { mayBulkSign, useSession } from '../auth/session-context';
import { asApiError, ApiError } from './api-client';
import { ErrorMessage } from './error-message';
import { navigate, Routes } from './router';

/** What every screen of a logged-in person shows: the screen's name, who is logged in, the menu. */
export function Layout({ title, children }: { title: string; children: ReactNode }) {
  const { state, logout } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  if (state.status !== 'signed-in') {
    return null;
  }
  const { session, company } = state;
  const signOut = () => {
    setError(null);
    logout().then(
      () => navigate(Routes.top),
      (failure: unknown) => setError(asApiError(failure)),
    );
  };
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">inkan（印鑑）</span>
        <span className="screen-title">{title}</span>
        <span className="who" data-testid="who">
          {company ? `${company.name} ` : ''}
          {session.name}
        </span>
      </header>
      <nav className="menu" aria-label="メニュー">
        {/* Until the first password change, the API allows nothing else. */}
        {!session.mustChangePassword && (
          <>
            <a href={`#${Routes.top}`}>トップページ</a>
            {mayBulkSign(session, company) && (
              <details className="menu-group">
                <summary>契約締結▼</summary>
                <a href={`#${Routes.bulkSignSelect}`}>契約文書一括署名（受取）</a>
              </details>
            )}
            <details className="menu-group">
              <summary>個人設定▼</summary>
              <a href={`#${Routes.password}`}>パスワード変更</a>
            </details>
          </>
        )}
        <button type="button" className="link-button" onClick={signOut}>
          ログアウト
        </button>
      </nav>
      <main className="screen">
        <h1>{title}</h1>
        <ErrorMessage error={error} />
        {children}
      </main>
      <Footer />
    </div>
  );
}

export function Footer() {
  return (
    <footer className="app-footer">
      <a href={`#${Routes.health}`}>稼働状況 / System status</a>
    </footer>
  );
}
