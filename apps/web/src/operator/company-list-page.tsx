import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../api/api-client';
import type { CompanyView } from '../api/api-types';
import { Page } from '../shell/page';
import { Column, DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';
import { optionsText } from './company-fields';

const PAGE_SIZE = 20;

interface CompanyPage {
  items: CompanyView[];
  total: number;
  page: number;
  pageSize: number;
}

/** 企業管理 (operator): every company with its plan and options, searched by name or ID, paged; the URL keeps both. */
export function CompanyListPage() {
  const { t } = useTranslation('operator');
  const [params, setParams] = useSearchParams();
  const page = pageParam(params);
  const query = params.get('query') ?? '';
  const [draft, setDraft] = useState(query);
  const companies = useQuery({
    queryKey: ['companies', 'list', query, page],
    queryFn: () => api<CompanyPage>('GET', `/api/companies${queryString({ query, page, pageSize: PAGE_SIZE })}`),
  });
  const pageCount = pageCountOf(companies.data?.total ?? 0, PAGE_SIZE);
  if (companies.data && page > pageCount) {
    return <Navigate to={`/operator/companies${queryString({ query, page: pageCount })}`} replace />;
  }
  const search = (event: FormEvent) => {
    event.preventDefault();
    setParams(draft.trim() ? { query: draft.trim() } : {});
  };
  const columns: Column<CompanyView>[] = [
    {
      key: 'companyId',
      header: t('columns.companyId'),
      cell: (row) => <Link to={`/operator/companies/${row.companyId}`}>{row.companyId}</Link>,
    },
    { key: 'name', header: t('columns.name'), cell: (row) => row.name },
    { key: 'plan', header: t('columns.plan'), cell: (row) => t(`plan.${row.plan}`) },
    { key: 'options', header: t('columns.options'), cell: (row) => optionsText(row.options, t) },
    { key: 'administrator', header: t('columns.administrator'), cell: (row) => row.administratorUserId ?? '' },
  ];
  const from = companies.data ? (companies.data.page - 1) * companies.data.pageSize + 1 : 0;
  return (
    <Page title={t('companies.title')}>
      <p className="actions">
        <Link className="button" to="/operator/companies/new">
          {t('companies.create')}
        </Link>
      </p>
      <form className="form conditions" role="search" onSubmit={search} aria-label={t('companies.title')}>
        <Field label={t('companies.query')}>
          <input name="query" value={draft} onChange={(event) => setDraft(event.target.value)} maxLength={200} />
        </Field>
        <div className="form-actions">
          <button type="submit">{t('common:search')}</button>
        </div>
      </form>
      <ErrorMessage error={companies.error} />
      {companies.isPending && <p className="loading">{t('common:loading')}</p>}
      {companies.data && companies.data.total === 0 && <EmptyState>{t('companies.empty')}</EmptyState>}
      {companies.data && companies.data.total > 0 && (
        <>
          <div className="table-tools wrap">
            <PageRange total={companies.data.total} from={from} to={from + companies.data.items.length - 1} testId="result-count" />
            <Pager
              label={t('companies.label')}
              page={page}
              pageCount={pageCount}
              onPage={(next) => setParams(query ? { query, page: String(next) } : { page: String(next) })}
            />
          </div>
          <DataTable label={t('companies.label')} columns={columns} rows={companies.data.items} rowKey={(row) => row.companyId} />
        </>
      )}
    </Page>
  );
}
