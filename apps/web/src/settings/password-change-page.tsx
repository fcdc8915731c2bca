import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, asApiError } from '../api/api-client';
import { useSessionActions, useSignedIn } from '../auth/session';
import { Page } from '../shell/page';
import { ErrorMessage, localError } from '../ui/error-message';
import { NewPasswordFields, PasswordField } from '../ui/password-field';

/**
 * パスワード変更 (個人設定, and forced after the first login): 現在のパスワード,
 * 新しいパスワード, 新しいパスワード(確認), 確定. The two new ones must match
 * before anything is sent; the server checks the rule and the strength and
 * says which failed. Every field is emptied as the form is submitted, so no
 * password stays in the screen. The change ends every session of the user,
 * this one too: on success the user is back at ログイン with the notice.
 */
export function PasswordChangePage() {
  const { t } = useTranslation('settings');
  const { session } = useSignedIn();
  const { ended } = useSessionActions();
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
      setError(
        localError(
          'PASSWORD_CONFIRMATION_MISMATCH',
          '新しいパスワードと新しいパスワード(確認)が一致しません。',
          'The new password and its confirmation differ.',
        ),
      );
      return;
    }
    setError(null);
    setPending(true);
    api<{ ok: true }>('POST', '/api/auth/password', body).then(
      () => ended(t('password.completed')),
      (failure: unknown) => {
        setError(asApiError(failure));
        setPending(false);
      },
    );
  };

  return (
    <Page title={t('password.title')}>
      {session.mustChangePassword && (
        <p className="notice" role="status">
          {t('password.required')}
        </p>
      )}
      <p className="muted">{t('password.rule')}</p>
      <ErrorMessage error={error} />
      <form className="form" method="post" onSubmit={submit} aria-label={t('password.title')}>
        <PasswordField
          label={t('password.current')}
          name="currentPassword"
          autoComplete="current-password"
          value={currentPassword}
          onChange={setCurrentPassword}
        />
        <NewPasswordFields
          labels={{ newPassword: t('password.new'), confirmation: t('password.confirmation') }}
          newPassword={newPassword}
          confirmation={newPasswordConfirmation}
          onNewPassword={setNewPassword}
          onConfirmation={setNewPasswordConfirmation}
        />
        <div className="form-actions">
          <button type="submit" disabled={pending}>
            {t('common:confirm')}
          </button>
        </div>
      </form>
    </Page>
  );
}
