import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { CertificateView, UserView } from '../api/api-types';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { UserActions } from './user-actions';
import { UserForm, UserFormValues, valuesOf } from './user-form';

/** The fields of `next` that differ from `user`: a change sends only what changed. */
function changesOf(user: UserView, next: UserFormValues): Partial<UserFormValues> {
  const before = valuesOf(user);
  return Object.fromEntries(
    (Object.keys(next) as Array<keyof UserFormValues>)
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(next[key]))
      .filter((key) => !(user.isAdministrator && (key === 'roles' || key === 'bulkSign')))
      .map((key) => [key, next[key]]),
  );
}

/** 利用者情報 (管理用ID): change a user's details, roles and 一括署名; 利用停止/再開, ロック解除, パスワード再発行, 電子証明書の発行. */
export function UserDetailPage() {
  const { t } = useTranslation('users');
  const { userId = '' } = useParams();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [notice, setNotice] = useState('');
  const user = useQuery({
    queryKey: ['users', 'one', userId],
    queryFn: () => api<UserView>('GET', `/api/users/${encodeURIComponent(userId)}`),
  });
  const done = (message: string) => {
    setNotice(message);
    announce(message);
    void client.invalidateQueries({ queryKey: ['users'] });
  };
  const save = useMutation({
    mutationFn: (values: UserFormValues) => api<UserView>('PATCH', `/api/users/${userId}`, changesOf(user.data as UserView, values)),
    onSuccess: (updated) => {
      client.setQueryData(['users', 'one', userId], updated);
      done(t('detail.saved'));
    },
  });
  const command = useMutation({
    mutationFn: async (action: 'disable' | 'enable' | 'unlock' | 'password-reset' | 'certificate') => {
      if (action === 'certificate') {
        const certificate = await api<CertificateView>('POST', '/api/certificates', { userId });
        return t('detail.issued', { serialNumber: certificate.serialNumber });
      }
      const updated = await api<UserView>('POST', `/api/users/${userId}/${action}`);
      client.setQueryData(['users', 'one', userId], updated);
      const messages = {
        disable: 'detail.disabled',
        enable: 'detail.enabled',
        unlock: 'detail.unlocked',
        'password-reset': 'detail.reset',
      } as const;
      return t(messages[action]);
    },
    onSuccess: (message) => {
      done(message);
      void client.invalidateQueries({ queryKey: ['certificates'] });
    },
  });

  return (
    <Page title={t('detail.title')}>
      <p>
        <Link to="/users">{t('detail.back')}</Link>
      </p>
      <ErrorMessage error={user.error ?? save.error ?? command.error} />
      {notice && (
        <p className="notice long-words" role="status" data-testid="user-notice">
          {notice}
        </p>
      )}
      {user.data && (
        <>
          <h2>
            {user.data.userId} {user.data.name}{' '}
            <span className="badge" data-testid="user-status">
              {t(`status.${user.data.status}`)}
            </span>
          </h2>
          <UserForm
            key={user.data.updatedAt}
            initial={valuesOf(user.data)}
            administrator={user.data.isAdministrator}
            submitLabel={t('detail.save')}
            pending={save.isPending}
            onSubmit={(values) => {
              setNotice('');
              save.mutate(values);
            }}
          />
          <UserActions
            user={user.data}
            pending={command.isPending}
            onAction={(action) => {
              setNotice('');
              command.mutate(action);
            }}
          />
        </>
      )}
    </Page>
  );
}
