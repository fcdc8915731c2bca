import { FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, asApiError } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage, localError } from '../ui/error-message';
import { NewPasswordFields } from '../ui/password-field';
import { PublicFrame } from './public-frame';

/**
 * `/password-reset/<token>` (the mailed link): the new password twice. The
 * token is kept in memory and taken out of the address bar on arrival, so it
 * stays out of the history; the passwords leave the fields with the request.
 */
export function PasswordResetPage() {
  const { t, i18n } = useTranslation('password-reset');
  const announce = useAnnounce();
  const params = useParams();
  const [token] = useState(params.token ?? '');
  const [newPassword, setNewPassword] = useState('');
  const [newPasswordConfirmation, setNewPasswordConfirmation] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    window.history.replaceState(window.history.state, '', '/password-reset');
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { token, newPassword, newPasswordConfirmation };
    setNewPassword('');
    setNewPasswordConfirmation('');
    if (body.newPassword !== body.newPasswordConfirmation) {
      setError(localError('PASSWORD_CONFIRMATION_MISMATCH', t('reset.mismatch', { lng: 'ja' }), t('reset.mismatch', { lng: 'en' })));
      return;
    }
    setError(null);
    setPending(true);
    api<{ ok: true }>('POST', '/api/auth/password-resets', body).then(
      () => {
        setDone(true);
        announce(i18n.t('password-reset:reset.done'));
      },
      (failure: unknown) => {
        setError(asApiError(failure));
        setPending(false);
      },
    );
  };

  return (
    <PublicFrame>
      <Page title={t('reset.title')}>
        {done ? (
          <p className="notice long-words" role="status" data-testid="reset-done">
            {t('reset.done')}
          </p>
        ) : (
          <>
            <p className="muted">{t('reset.lead')}</p>
            <p className="muted">{t('settings:password.rule')}</p>
            <ErrorMessage error={error} />
            <form className="form" method="post" onSubmit={submit} aria-label={t('reset.title')}>
              <NewPasswordFields
                labels={{ newPassword: t('reset.new'), confirmation: t('reset.confirmation') }}
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
          </>
        )}
        <p>
          <Link to="/login">{t('toLogin')}</Link>
        </p>
      </Page>
    </PublicFrame>
  );
}
