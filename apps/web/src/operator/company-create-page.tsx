import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { CompanyView, UserView } from '../api/api-types';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { AdministratorDraft, AdministratorFields, EMPTY_ADMINISTRATOR } from '../ui/administrator-fields';
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
  const [administrator, setAdministrator] = useState<AdministratorDraft>(EMPTY_ADMINISTRATOR);
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
            <AdministratorFields
              value={administrator}
              onChange={setAdministrator}
              labels={{
                legend: t('create.administrator'),
                name: t('create.adminName'),
                email: t('create.adminEmail'),
                department: t('create.adminDepartment'),
                language: t('create.adminLanguage'),
              }}
            />
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
