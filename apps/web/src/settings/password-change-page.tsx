import { FormEvent, useState } from 'react';
import { useSession } from '../auth/session-context';
import { api, ApiError, asApiError } from '../shell/api-client';
import { ErrorMessage } from '../shell/error-message';
import { Layout } from '../shell/layout';
import { navigate, Routes } from '../shell/router';

const CONFIRMATION_MISMATCH = new ApiError(
  'PASSWORD_CONFIRMATION_MISMATCH',
  0,
  '新しいパスワードと新しいパスワード(確認)が一致しません。',
  'The new password and its confirmation differ.',
);

const COMPLETED = 'パスワードを変更しました。新しいパスワードで再度ログインしてください。';

/**
 * パスワード変更 (個人設定, and forced after the first login): 現在のパスワード,
 * 新しいパスワード, 新しいパスワード(確認), 確定. The two new ones must match
 * before anything is sent. Every field is emptied as the form is submitted,
 * so no password stays in the screen. The change ends every session of the
 * user, this one too: on success the user is back at ログイン with the notice.
 */
export function PasswordChangePage({ required }: { required: boolean }) {
  const { ended } = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [newPasswordConfirmation, setNewPasswordConfirmation] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { currentPassword, newPassword, newPasswordConfirmation };
    setCurrentPassword('');
    setNewPassword('');
    setNewPasswordConfirmation('');
    if (body.newPassword !== body.newPasswordConfirmation) {
      setError(CONFIRMATION_MISMATCH);
      return;
    }
    setError(null);
    setPending(true);
    api<{ ok: true }>('POST', '/api/auth/password', body).then(
      () => {
        navigate(Routes.top);
        ended(COMPLETED);
      },
      (failure: unknown) => {
        setError(asApiError(failure));
        setPending(false);
      },
    );
  };

  return (
    <Layout title="パスワード変更">
      {required && (
        <p className="notice" role="status">
          初回ログインまたはパスワード再発行の後は、パスワード変更を先に行ってください。
        </p>
      )}
      <p className="muted">
        ※新しいパスワードは、半角英字、半角数字、記号を全て含め、8桁以上とする必要があります。パスワードに使用できる記号は、「!」「#」「$」「%」「&」「'」「-」「_」のみです。
      </p>
      <ErrorMessage error={error} />
      <form className="form" method="post" onSubmit={submit} aria-label="パスワード変更">
        <label>
          現在のパスワード
          <input
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
            required
          />
        </label>
        <label>
          新しいパスワード
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(event) => setNewPassword(event.target.value)}
            required
          />
        </label>
        <label>
          新しいパスワード(確認)
          <input
            name="newPasswordConfirmation"
            type="password"
            autoComplete="new-password"
            value={newPasswordConfirmation}
            onChange={(event) => setNewPasswordConfirmation(event.target.value)}
            required
          />
        </label>
        <div className="form-actions">
          <button type="submit" disabled={pending}>
            確定
          </button>
        </div>
      </form>
    </Layout>
  );
}
