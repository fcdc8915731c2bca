import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../api/api-client';
import { Column, DataTable } from './data-table';
import { EmptyState } from './empty-state';
import { ErrorMessage } from './error-message';
import { Field } from './field';
import { pageCountOf, PageRange, pageParam, Pager } from './pager';

/** Rows per page of a searched list (the API's default too). */
const PAGE_SIZE = 20;

/** One page of a list as the API answers it. */
export interface ListPage<Row> {
  items: Row[];
  total: number;
  page: number;
  pageSize: number;
  from: number;
  to: number;
}

/**
 * A list searched by one keyword and paged, both in the URL (`?query=…&page=2`,
 * so 戻る and a reload keep them): the search form, 「N件中 a～b件目を表示」
 * with 前へ / 次へ, the rows as a `DataTable` or the namespace's `empty`
 * sentence; a page past the end goes to the last one. The texts are the
 * namespace's `searchLabel`, `query`, `title` (the pager), `tableName` and
 * `empty`. `domain` starts the query key, so invalidating it refreshes the list.
 */
export function SearchedList<Row>({
  namespace,
  domain,
  path,
  apiPath,
  countTestId,
  rowKey,
  columns,
}: {
  namespace: string;
  domain: string;
  /** The screen's own path (`/matters`). */
  path: string;
  apiPath: string;
  countTestId: string;
  rowKey: (row: Row) => string;
  columns: Column<Row>[];
}) {
  const { t } = useTranslation(namespace);
  const [params, setParams] = useSearchParams();
  const query = params.get('query') ?? '';
  const page = pageParam(params);
  const [typed, setTyped] = useState(query);
  const list = useQuery({
    queryKey: [domain, 'list', query, page],
    queryFn: () => api<ListPage<Row>>('GET', `${apiPath}${queryString({ query, page, pageSize: PAGE_SIZE })}`),
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
    return <Navigate to={`${path}${queryString({ query, page: pageCount > 1 ? pageCount : undefined })}`} replace />;
  }
  return (
    <>
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
            <PageRange testId={countTestId} total={data.total} from={data.from} to={data.to} />
            <Pager label={t('title')} page={page} pageCount={pageCount} onPage={(next) => go(query, next)} />
          </div>
          {data.total === 0 ? (
            <EmptyState>{t('empty')}</EmptyState>
          ) : (
            <DataTable<Row> label={t('tableName')} rows={data.items} rowKey={rowKey} columns={columns} />
          )}
        </>
      )}
    </>
  );
}
