import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { CompanyView, UserView } from '../api/api-types';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { Option, Plan, PlanAndOptions } from './company-fields';

/** 企業登録 (operator): the company, its plan and options, and its 管理用ID's person. */
export function CompanyCreatePage() {
  const { t } = useTranslation('operator');
  const client = useQueryClient();
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const [plan, setPlan] = useState<{ plan: Plan; options: Option[] }>({ plan: 'ONE_SIDE', options: [] });
  const [administrator, setAdministrator] = useState({ name: '', email: '', department: '', language: 'ja' as 'ja' | 'en' });
  const create = useMutation({
    mutationFn: () => api<{ company: CompanyView; administrator: UserView }>('POST', '/api/companies', { name, ...plan, administrator }),
    onSuccess: ({ company, administrator: admin }) => {
      announce(t('create.done', { companyId: company.companyId, name: company.name, administratorId: admin.userId }));
      void client.invalidateQueries({ queryKey: ['companies'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const created = create.data;
  return (
    <Page title={t('create.title')}>
      <p>
        <Link to="/operator/companies">{t('edit.back')}</Link>
      </p>
      {created ? (
        <p className="notice long-words" role="status" data-testid="company-created">
          {t('create.done', {
            companyId: created.company.companyId,
            name: created.company.name,
            administratorId: created.administrator.userId,
          })}
        </p>
      ) : (
        <>
          <p className="muted">{t('create.lead')}</p>
          <ErrorMessage error={create.error} />
          <form className="form" method="post" onSubmit={submit} aria-label={t('create.title')}>
            <Field label={`${t('create.name')} ${t('common:required')}`}>
              <input name="companyName" value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
            </Field>
            <PlanAndOptions plan={plan.plan} options={plan.options} onChange={setPlan} />
            <fieldset className="plain-fieldset">
              <legend>{t('create.administrator')}</legend>
              <Field label={`${t('create.adminName')} ${t('common:required')}`}>
                <input
                  name="administratorName"
                  value={administrator.name}
                  onChange={(event) => setAdministrator({ ...administrator, name: event.target.value })}
                  required
                />
              </Field>
              <Field label={`${t('create.adminEmail')} ${t('common:required')}`}>
                <input
                  name="administratorEmail"
                  type="email"
                  value={administrator.email}
                  onChange={(event) => setAdministrator({ ...administrator, email: event.target.value })}
                  required
                />
              </Field>
              <Field label={t('create.adminDepartment')}>
                <input
                  name="administratorDepartment"
                  value={administrator.department}
                  onChange={(event) => setAdministrator({ ...administrator, department: event.target.value })}
                />
              </Field>
              <Field label={t('create.adminLanguage')}>
                <select
                  name="administratorLanguage"
                  value={administrator.language}
                  onChange={(event) => setAdministrator({ ...administrator, language: event.target.value === 'en' ? 'en' : 'ja' })}
                >
                  <option value="ja">日本語</option>
                  <option value="en">English</option>
                </select>
              </Field>
            </fieldset>
            <div className="form-actions">
              <button type="submit" disabled={create.isPending}>
                {t('create.submit')}
              </button>
            </div>
          </form>
        </>
      )}
    </Page>
  );
}
