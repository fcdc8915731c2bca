import { FormEvent, useState } from 'react';
import { asApiError, ApiError } from '../shell/api-client';
import { ErrorMessage } from '../shell/error-message';
import { Footer } from '../shell/layout';
import { useSession } from './session-context';

/**
 * ログイン: 利用者ID and パスワード, as the seed manual's screen (the login
 * API takes no company ID: a 利用者ID is unique across companies).
 */
export function LoginPage({ reason, notice }: { reason?: ApiError; notice?: string }) {
  const { login } = useSession();
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(reason ?? null);
  const [pending, setPending] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entered = password;
    // The password stays in this request only.
    setPassword('');
    setError(null);
    setPending(true);
    login(loginId.trim(), entered).then(
      () => undefined,
      (failure: unknown) => {
        setError(asApiError(failure));
        setPending(false);
      },
    );
  };

  return (
    <div className="app">
      <main className="screen narrow">
        <h1>ログイン</h1>
        <p className="muted">■ inkan ログイン</p>
        {notice && !error && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <ErrorMessage error={error} />
        <form className="form" method="post" onSubmit={submit}>
          <label>
            利用者ID
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
            パスワード
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
            />
          </label>
          <button type="submit" disabled={pending}>
            ログイン
          </button>
        </form>
      </main>
      <Footer />
    </div>
  );
}
