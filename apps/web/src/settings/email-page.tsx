import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { useSignedIn } from '../auth/session';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

interface OwnProfile {
  subjectId: string;
  name: string;
  email: string;
  language: 'ja' | 'en';
}

/** 個人設定 → メールアドレス: the new address with the login password (cleared as the request leaves). */
export function EmailPage() {
  const { t } = useTranslation('settings');
  const { session } = useSignedIn();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [email, setEmail] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const profile = useQuery({ queryKey: ['profile'], queryFn: () => api<OwnProfile>('GET', '/api/auth/profile') });
  const change = useMutation({
    mutationFn: (body: { email: string; currentPassword: string }) => api<OwnProfile>('PATCH', '/api/auth/profile', body),
    onSuccess: (updated) => {
      client.setQueryData(['profile'], updated);
      setEmail('');
      announce(t('email.saved'));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { email, currentPassword };
    setCurrentPassword('');
    change.mutate(body);
  };
  return (
    <Page title={t('email.title')}>
      <p className="muted">{t('email.lead')}</p>
      <ErrorMessage error={profile.error ?? change.error} />
      {change.isSuccess && (
        <p className="notice long-words" role="status">
          {t('email.saved')}
        </p>
      )}
      {profile.data && (
        <dl className="counts">
          <dt>{t('email.current')}</dt>
          <dd data-testid="current-email">{profile.data.email}</dd>
        </dl>
      )}
      {session.kind === 'operator' ? (
        <p>{t('email.operatorOnly')}</p>
      ) : (
        <form className="form" method="post" onSubmit={submit} aria-label={t('email.title')}>
          <Field label={`${t('email.new')} ${t('common:required')}`}>
            <input
              name="email"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              required
            />
          </Field>
          <Field label={`${t('email.password')} ${t('common:required')}`}>
            <input
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.target.value)}
              required
            />
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={change.isPending}>
              {t('common:confirm')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
