import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { PublicFrame } from './public-frame';

/** パスワードを忘れた場合: the 利用者ID, then the same answer whether or not it exists. */
export function PasswordResetRequestPage() {
  const { t } = useTranslation('password-reset');
  const announce = useAnnounce();
  const [loginId, setLoginId] = useState('');
  const request = useMutation({
    mutationFn: (id: string) => api<{ ok: true }>('POST', '/api/auth/password-reset-requests', { loginId: id }),
    onSuccess: () => announce(t('request.sent')),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(loginId.trim());
  };
  return (
    <PublicFrame>
      <Page title={t('request.title')}>
        {request.isSuccess ? (
          <p className="notice long-words" role="status" data-testid="reset-requested">
            {t('request.sent')}
          </p>
        ) : (
          <>
            <p className="muted">{t('request.lead')}</p>
            <ErrorMessage error={request.error} />
            <form className="form" method="post" onSubmit={submit} aria-label={t('request.title')}>
              <Field label={t('request.loginId')}>
                <input
                  name="loginId"
                  autoComplete="username"
                  placeholder="U000000"
                  value={loginId}
                  onChange={(event) => setLoginId(event.target.value)}
                  required
                  maxLength={32}
                />
              </Field>
              <div className="form-actions">
                <button type="submit" disabled={request.isPending}>
                  {t('request.submit')}
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
