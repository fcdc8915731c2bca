import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { CompanyView } from '../api/api-types';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { Option, Plan, PlanAndOptions } from './company-fields';

/** 企業情報 (operator): change the plan and options, the API's refusals shown as sentences; step in for a locked-out 管理用ID. */
export function CompanyPage() {
  const { t } = useTranslation('operator');
  const { companyId = '' } = useParams();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [notice, setNotice] = useState('');
  const company = useQuery({
    queryKey: ['companies', 'one', companyId],
    queryFn: () => api<CompanyView>('GET', `/api/companies/${encodeURIComponent(companyId)}`),
  });
  const [draft, setDraft] = useState<{ plan: Plan; options: Option[] } | null>(null);
  const shown = draft ?? (company.data ? { plan: company.data.plan, options: company.data.options } : null);
  const done = (message: string) => {
    setNotice(message);
    announce(message);
  };
  const save = useMutation({
    mutationFn: (value: { plan: Plan; options: Option[] }) => api<CompanyView>('PATCH', `/api/companies/${companyId}`, value),
    onSuccess: (updated) => {
      client.setQueryData(['companies', 'one', companyId], updated);
      setDraft(null);
      done(t('edit.saved'));
      void client.invalidateQueries({ queryKey: ['companies', 'list'] });
    },
  });
  const admin = useMutation({
    mutationFn: async (action: 'unlock' | 'password-reset') => {
      await api('POST', `/api/users/${company.data?.administratorUserId ?? ''}/${action}`);
      return t(action === 'unlock' ? 'edit.unlocked' : 'edit.resetDone');
    },
    onSuccess: done,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    if (shown) {
      save.mutate(shown);
    }
  };
  return (
    <Page title={t('edit.title')}>
      <p>
        <Link to="/operator/companies">{t('edit.back')}</Link>
      </p>
      <ErrorMessage error={company.error ?? save.error ?? admin.error} />
      {notice && (
        <p className="notice long-words" role="status" data-testid="company-notice">
          {notice}
        </p>
      )}
      {company.data && shown && (
        <>
          <h2>
            {company.data.companyId} {company.data.name}
          </h2>
          <form className="form" method="post" onSubmit={submit} aria-label={t('edit.title')}>
            <p className="muted">{t('edit.rule')}</p>
            <PlanAndOptions plan={shown.plan} options={shown.options} onChange={setDraft} />
            <div className="form-actions">
              <button type="submit" disabled={save.isPending}>
                {t('edit.save')}
              </button>
            </div>
          </form>
          {company.data.administratorUserId && (
            <section aria-labelledby="company-admin-heading">
              <h2 id="company-admin-heading">
                {t('edit.administrator')}: {company.data.administratorUserId}
              </h2>
              <div className="actions wrap-actions">
                <button type="button" className="secondary" disabled={admin.isPending} onClick={() => admin.mutate('unlock')}>
                  {t('edit.unlock')}
                </button>
                <button type="button" className="secondary" disabled={admin.isPending} onClick={() => admin.mutate('password-reset')}>
                  {t('edit.reset')}
                </button>
              </div>
            </section>
          )}
        </>
      )}
    </Page>
  );
}
