import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { formatDateTime } from '../ui/format';

interface InvitationView {
  invitationId: string;
  email: string;
  expiresAt: string;
}

/** 取引先招待: the 管理用ID of a 片方課金プラン company mails a partner its single-use application link. */
export function InvitationPage() {
  const { t } = useTranslation('invitations');
  const announce = useAnnounce();
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<'ja' | 'en'>('ja');
  const invite = useMutation({
    mutationFn: () => api<InvitationView>('POST', '/api/invitations', { email, language }),
    onSuccess: (invitation) => {
      setEmail('');
      announce(t('sent', { email: invitation.email, expiresAt: formatDateTime(invitation.expiresAt) }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <Page title={t('title')}>
      <p className="muted">{t('lead')}</p>
      <ErrorMessage error={invite.error} />
      {invite.data && (
        <p className="notice long-words" role="status" data-testid="invitation-sent">
          {t('sent', { email: invite.data.email, expiresAt: formatDateTime(invite.data.expiresAt) })}
        </p>
      )}
      <form className="form" method="post" onSubmit={submit} aria-label={t('title')}>
        <Field label={`${t('email')} ${t('common:required')}`}>
          <input name="email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} required />
        </Field>
        <Field label={t('language')}>
          <select name="language" value={language} onChange={(event) => setLanguage(event.target.value === 'en' ? 'en' : 'ja')}>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </Field>
        <div className="form-actions">
          <button type="submit" disabled={invite.isPending}>
            {t('submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
