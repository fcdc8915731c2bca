import { useMutation, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { CompanyView, UserView } from '../api/api-types';
import { PublicFrame } from '../password-reset/public-frame';
import { Page } from '../shell/page';
import { AdministratorDraft, AdministratorFields, EMPTY_ADMINISTRATOR } from '../ui/administrator-fields';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { formatDateTime } from '../ui/format';

interface InvitationView {
  invitingCompanyName: string;
  email: string;
  expiresAt: string;
}

/** The token rides in the link's fragment (never sent to a server log); read once, kept in memory. */
function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

/**
 * 利用申請 (`/partner-application#token=…`, the invitation mail's link): who
 * invited, then the company and its 管理用ID; the link works once.
 */
export function PartnerApplicationPage() {
  const { t } = useTranslation('partner-application');
  const [token] = useState(tokenFromFragment);
  const [companyName, setCompanyName] = useState('');
  const [administrator, setAdministrator] = useState<AdministratorDraft>(EMPTY_ADMINISTRATOR);
  const invitation = useQuery({
    queryKey: ['partner-application', 'inspect'],
    queryFn: () => api<InvitationView>('POST', '/api/partner-applications/inspect', { token }),
    enabled: token !== '',
  });
  const apply = useMutation({
    mutationFn: () =>
      api<{ company: CompanyView; administrator: UserView }>('POST', '/api/partner-applications', { token, companyName, administrator }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply.mutate();
  };
  return (
    <PublicFrame>
      <Page title={t('title')}>
        {!token && <p className="notice long-words">{t('noToken')}</p>}
        {invitation.isLoading && <p className="loading">{t('checking')}</p>}
        <ErrorMessage error={invitation.error ?? apply.error} />
        {apply.data ? (
          <p className="notice long-words" role="status" data-testid="application-done">
            {t('done', { companyId: apply.data.company.companyId, administratorId: apply.data.administrator.userId })}
          </p>
        ) : (
          invitation.data && (
            <>
              <p>{t('lead', { company: invitation.data.invitingCompanyName, expiresAt: formatDateTime(invitation.data.expiresAt) })}</p>
              <form className="form" method="post" onSubmit={submit} aria-label={t('title')}>
                <Field label={`${t('companyName')} ${t('common:required')}`}>
                  <input name="companyName" value={companyName} onChange={(event) => setCompanyName(event.target.value)} required />
                </Field>
                <AdministratorFields
                  value={administrator}
                  onChange={setAdministrator}
                  labels={{
                    legend: t('administrator'),
                    name: t('name'),
                    email: t('email'),
                    department: t('department'),
                    language: t('language'),
                  }}
                />
                <div className="form-actions">
                  <button type="submit" disabled={apply.isPending}>
                    {t('submit')}
                  </button>
                </div>
              </form>
            </>
          )
        )}
        <p>
          <Link to="/login">{t('toLogin')}</Link>
        </p>
      </Page>
    </PublicFrame>
  );
}
