import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../api/api-client';
import type { ContractPage, ContractView } from '../api/api-types';
import { ContractFilter, ContractFilters, FILTER_KEYS } from '../contracts/contract-filters';
import { ContractLink } from '../contracts/contract-link';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';

/** Rows per マイリスト page (decided here; the API's default too). */
const PAGE_SIZE = 20;

/** トップページ's URL with マイリスト's conditions (only those set) and page: `/`, `/?page=2`, `/?status=CONCLUDED&page=2`. */
const pathOf = (page: number, filter?: ContractFilter) => {
  const set = Object.entries(filter ?? {}).filter(([, value]) => value !== '');
  return `/${queryString(Object.fromEntries(page > 1 ? [...set, ['page', String(page)]] : set))}`;
};

/**
 * ■ マイリスト: one page, 「N件中 a～b件目を表示」 and 前へ / 次へ. The page is
 * in the URL (`/?page=2`), so 戻る from 契約文書情報 and a reload keep it; a
 * page past the end (`?page=99`) goes to the last one.
 */
export function MyList() {
  const { t } = useTranslation('top');
  const [params, setParams] = useSearchParams();
  const page = pageParam(params);
  const filter = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as unknown as ContractFilter;
  const filtered = Object.values(filter).some((value) => value !== '');
  const myList = useQuery({
    queryKey: ['contracts', 'my-list', page, filter],
    queryFn: () => api<ContractPage>('GET', `/api/contracts${queryString({ ...filter, scope: 'MY_LIST', page, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const here = pathOf(page, filter);
  const setPath = (path: string) => setParams(new URLSearchParams(path.slice(1)));
  const data = myList.data;
  const pageCount = data ? pageCountOf(data.total, data.pageSize) : 1;
  if (data && !myList.isPlaceholderData && page > pageCount) {
    return <Navigate to={pathOf(pageCount, filter)} replace />;
  }
  return (
    <section aria-labelledby="my-list-heading">
      <h2 id="my-list-heading">{t('myList')}</h2>
      <details className="my-list-conditions" open={filtered}>
        <summary>{t('contracts:list.conditions')}</summary>
        <ContractFilters withDirection initial={filter} onSearch={(next) => setPath(pathOf(1, next))} />
      </details>
      {myList.isPending && <p className="muted">{t('common:loading')}</p>}
      {myList.error && <ErrorMessage error={myList.error} />}
      {data && (
        <>
          <div className="table-tools">
            <PageRange testId="my-list-count" total={data.total} from={data.from} to={data.to} />
            <Pager label={t('myListName')} page={page} pageCount={pageCount} onPage={(next) => setPath(pathOf(next, filter))} />
          </div>
          {data.total === 0 ? (
            <EmptyState />
          ) : (
            <DataTable<ContractView>
              label={t('myListName')}
              rows={data.items}
              rowKey={(contract) => contract.contractId}
              columns={[
                { key: 'no', header: t('columns.no'), cell: (_row, index) => data.from + index },
                {
                  key: 'documentNumber',
                  header: t('columns.documentNumber'),
                  cell: (row) => (
                    <ContractLink contractId={row.contractId} from={here}>
                      {row.documentNumber}
                    </ContractLink>
                  ),
                },
                {
                  key: 'name',
                  header: t('columns.name'),
                  cell: (row) => (
                    <ContractLink contractId={row.contractId} from={here}>
                      {row.name}
                    </ContractLink>
                  ),
                },
                { key: 'counterpartyName', header: t('columns.counterpartyName'), cell: (row) => row.counterparty.companyName },
                {
                  key: 'counterpartySide',
                  header: t('columns.counterpartySide'),
                  cell: (row) => t(`common:side.${row.counterparty.side}`),
                },
                { key: 'status', header: t('columns.status'), cell: (row) => t(`common:status.${row.status}`) },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
