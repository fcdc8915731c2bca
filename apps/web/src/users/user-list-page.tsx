import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../api/api-client';
import type { UserView } from '../api/api-types';
import { Page } from '../shell/page';
import { Column, DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';
import { ROLES } from './user-form';

const PAGE_SIZE = 20;
const STATUSES = ['ACTIVE', 'LOCKED', 'DISABLED'] as const;

interface UserPage {
  items: UserView[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * 利用者情報の照会 (管理用ID): keyword, role and status, paged; the
 * conditions and the page live in the URL so 戻る and a reload keep them.
 */
export function UserListPage() {
  const { t } = useTranslation('users');
  const [params, setParams] = useSearchParams();
  const page = pageParam(params);
  const conditions = { query: params.get('query') ?? '', role: params.get('role') ?? '', status: params.get('status') ?? '' };
  const [draft, setDraft] = useState(conditions);
  const users = useQuery({
    queryKey: ['users', 'search', conditions, page],
    queryFn: () => api<UserPage>('GET', `/api/users${queryString({ ...conditions, page, pageSize: PAGE_SIZE })}`),
  });
  const pageCount = pageCountOf(users.data?.total ?? 0, PAGE_SIZE);
  if (users.data && page > pageCount) {
    const clamped = new URLSearchParams(params);
    clamped.set('page', String(pageCount));
    return <Navigate to={`/users?${clamped.toString()}`} replace />;
  }

  const search = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    Object.entries(draft).forEach(([key, value]) => value.trim() && (next[key] = value.trim()));
    setParams(next);
  };
  const toPage = (next: number) => {
    const updated = new URLSearchParams(params);
    updated.set('page', String(next));
    setParams(updated);
  };

  const columns: Column<UserView>[] = [
    { key: 'userId', header: t('columns.userId'), cell: (row) => <Link to={`/users/${row.userId}`}>{row.userId}</Link> },
    { key: 'name', header: t('columns.name'), cell: (row) => row.name },
    { key: 'email', header: t('columns.email'), cell: (row) => <span className="serial">{row.email}</span> },
    { key: 'department', header: t('columns.department'), cell: (row) => row.department },
    {
      key: 'roles',
      header: t('columns.roles'),
      cell: (row) => [...(row.isAdministrator ? ['administrator'] : []), ...row.roles].map((role) => t(`role.${role}`)).join('、'),
    },
    { key: 'bulkSign', header: t('columns.bulkSign'), cell: (row) => t(row.bulkSign ? 'bulkSign.on' : 'bulkSign.off') },
    { key: 'status', header: t('columns.status'), cell: (row) => t(`status.${row.status}`) },
  ];
  const from = users.data ? (users.data.page - 1) * users.data.pageSize + 1 : 0;

  return (
    <Page title={t('list.title')}>
      <p className="actions">
        <Link className="button" to="/users/new">
          {t('list.register')}
        </Link>
      </p>
      <form className="form conditions" role="search" onSubmit={search} aria-label={t('list.title')}>
        <Field label={t('list.query')}>
          <input name="query" value={draft.query} onChange={(event) => setDraft({ ...draft, query: event.target.value })} maxLength={200} />
        </Field>
        <Field label={t('list.role')}>
          <select name="role" value={draft.role} onChange={(event) => setDraft({ ...draft, role: event.target.value })}>
            <option value="">{t('list.any')}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('list.status')}>
          <select name="status" value={draft.status} onChange={(event) => setDraft({ ...draft, status: event.target.value })}>
            <option value="">{t('list.any')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="form-actions">
          <button type="submit">{t('common:search')}</button>
        </div>
      </form>
      <ErrorMessage error={users.error} />
      {users.isPending && <p className="loading">{t('common:loading')}</p>}
      {users.data && users.data.total === 0 && <EmptyState>{t('list.empty')}</EmptyState>}
      {users.data && users.data.total > 0 && (
        <>
          <div className="table-tools wrap">
            <PageRange total={users.data.total} from={from} to={from + users.data.items.length - 1} testId="result-count" />
            <Pager label={t('list.label')} page={page} pageCount={pageCount} onPage={toPage} />
          </div>
          <DataTable label={t('list.label')} columns={columns} rows={users.data.items} rowKey={(row) => row.userId} />
        </>
      )}
    </Page>
  );
}
