import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MatterView } from '@app/contracts';
import { api, queryString } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { formatDate } from '../ui/format';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';
import { MatterDraft, MatterForm } from './matter-form';

const PAGE_SIZE = 20;

export interface MatterPage {
  items: MatterView[];
  total: number;
  page: number;
  pageSize: number;
  from: number;
  to: number;
}

/** 案件 (案件管理 option): the company's matters by name, searched and paged in the URL; each opens its page. */
export function MattersPage() {
  const { t } = useTranslation('matters');
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const query = params.get('query') ?? '';
  const page = pageParam(params);
  const [typed, setTyped] = useState(query);
  const list = useQuery({
    queryKey: ['matters', 'list', query, page],
    queryFn: () => api<MatterPage>('GET', `/api/matters${queryString({ query, page, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const go = (nextQuery: string, nextPage: number) =>
    setParams({ ...(nextQuery.trim() ? { query: nextQuery.trim() } : {}), ...(nextPage > 1 ? { page: String(nextPage) } : {}) });
  const search = (event: FormEvent) => {
    event.preventDefault();
    go(typed, 1);
  };
  const data = list.data;
  const pageCount = data ? pageCountOf(data.total, data.pageSize) : 1;
  if (data && !list.isPlaceholderData && page > pageCount) {
    return <Navigate to={`/matters${queryString({ query, page: pageCount > 1 ? pageCount : undefined })}`} replace />;
  }
  return (
    <Page title={t('title')}>
      <div className="actions">
        <Link className="button" to="/matters/new">
          {t('createTitle')}
        </Link>
      </div>
      <div>{notice && <p className="notice">{notice}</p>}</div>
      <form className="form conditions" onSubmit={search} aria-label={t('searchLabel')}>
        <Field label={t('query')}>
          <input name="query" value={typed} onChange={(event) => setTyped(event.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit">{t('common:search')}</button>
        </div>
      </form>
      {list.error && <ErrorMessage error={list.error} />}
      {data && (
        <>
          <div className="table-tools">
            <PageRange testId="matters-count" total={data.total} from={data.from} to={data.to} />
            <Pager label={t('title')} page={page} pageCount={pageCount} onPage={(next) => go(query, next)} />
          </div>
          {data.total === 0 ? (
            <EmptyState>{t('empty')}</EmptyState>
          ) : (
            <DataTable<MatterView>
              label={t('tableName')}
              rows={data.items}
              rowKey={(row) => row.matterId}
              columns={[
                { key: 'name', header: t('fields.name'), cell: (row) => <Link to={`/matters/${row.matterId}`}>{row.name}</Link> },
                { key: 'code', header: t('fields.code'), cell: (row) => row.code ?? '' },
                {
                  key: 'description',
                  header: t('fields.description'),
                  cell: (row) => <span className="preserve-lines">{row.description}</span>,
                },
                { key: 'updatedAt', header: t('fields.updatedAt'), cell: (row) => formatDate(row.updatedAt) },
              ]}
            />
          )}
        </>
      )}
    </Page>
  );
}

/** 案件登録 (`/matters/new`): saved, then its own page. */
export function MatterCreatePage() {
  const { t } = useTranslation('matters');
  const navigate = useNavigate();
  const client = useQueryClient();
  const announce = useAnnounce();
  const create = useMutation({
    mutationFn: (draft: MatterDraft) =>
      api<MatterView>('POST', '/api/matters', {
        name: draft.name,
        description: draft.description,
        ...(draft.code ? { code: draft.code } : {}),
      }),
    onSuccess: (matter) => {
      void client.invalidateQueries({ queryKey: ['matters'] });
      announce(t('saved', { name: matter.name }));
      void navigate(`/matters/${matter.matterId}`, { state: { notice: t('saved', { name: matter.name }) } });
    },
  });
  return (
    <Page title={t('createTitle')}>
      <MatterForm
        initial={{ name: '', code: '', description: '' }}
        pending={create.isPending}
        error={create.error}
        submitLabel={t('form.create')}
        onSubmit={(draft) => create.mutate(draft)}
        onCancel={() => void navigate('/matters')}
      />
    </Page>
  );
}
