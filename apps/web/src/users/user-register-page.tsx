import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { UserView } from '../api/api-types';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { UserForm, UserFormValues, valuesOf } from './user-form';

/** 利用者登録 (管理用ID): the API issues the next 利用者ID and mails the ID and the initial password separately. */
export function UserRegisterPage() {
  const { t } = useTranslation('users');
  const client = useQueryClient();
  const announce = useAnnounce();
  const register = useMutation({
    mutationFn: (values: UserFormValues) => api<UserView>('POST', '/api/users', values),
    onSuccess: (user) => {
      announce(t('register.done', { userId: user.userId, email: user.email }));
      void client.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const user = register.data;
  return (
    <Page title={t('register.title')}>
      {user ? (
        <>
          <p className="notice long-words" role="status" data-testid="registered-user">
            {t('register.done', { userId: user.userId, email: user.email })}
          </p>
          <p className="actions">
            <Link to={`/users/${user.userId}`}>{t('register.toUser')}</Link>
            <Link to="/users">{t('detail.back')}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="muted">{t('register.lead')}</p>
          <ErrorMessage error={register.error} />
          <UserForm
            initial={valuesOf()}
            submitLabel={t('register.submit')}
            pending={register.isPending}
            onSubmit={(values) => register.mutate(values)}
          />
        </>
      )}
    </Page>
  );
}
