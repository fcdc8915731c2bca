import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ArchivedContract } from '@app/contracts';
import { api, queryString } from '../api/api-client';
import { ContractLink } from '../contracts/contract-link';
import { Page } from '../shell/page';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { formatAmount, formatDate, formatDateTime, formatDay } from '../ui/format';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';
import { ArchiveDownloads } from './archive-downloads';
import { ARCHIVE_SORTS, ArchiveConditions, conditionsOf, searchParamsOf, sortOf, SortOrder } from './archive-search';
import { ArchiveSearchForm } from './archive-search-form';

const PAGE_SIZE = 20;

interface ArchivePage {
  items: ArchivedContract[];
  total: number;
  page: number;
  pageSize: number;
  from: number;
  to: number;
}

/**
 * 長期保管文書: the concluded contracts of the company, searched as 電子帳簿保存法
 * asks, sorted and paged. Conditions, sort and page live in the URL, so 戻る
 * from 契約文書情報 and a reload keep them. Each row downloads its PDF, its
 * validation report and its audit trail.
 */
export function ArchivePage() {
  const { t } = useTranslation('archive');
  const [params, setParams] = useSearchParams();
  const sortId = useId();
  const conditions = conditionsOf(params);
  const sorting = sortOf(params);
  const page = pageParam(params);
  const here = `/archive${queryString(searchParamsOf(conditions, sorting, page))}`;
  const result = useQuery({
    queryKey: ['archive', conditions, sorting, page],
    queryFn: () =>
      api<ArchivePage>('GET', `/api/archive${queryString({ ...searchParamsOf(conditions, sorting, page), pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const go = (next: ArchiveConditions, nextSorting = sorting, nextPage = 1) => setParams(searchParamsOf(next, nextSorting, nextPage));
  const data = result.data;
  const pageCount = data ? pageCountOf(data.total, data.pageSize) : 1;
  if (data && !result.isPlaceholderData && page > pageCount) {
    return <Navigate to={`/archive${queryString(searchParamsOf(conditions, sorting, pageCount))}`} replace />;
  }

  return (
    <Page title={t('title')}>
      <p className="muted">{t('lead')}</p>
      <ArchiveSearchForm initial={conditions} disabled={result.isFetching} onSearch={(next) => go(next)} />

      <section aria-labelledby="archive-results-heading">
        <h2 id="archive-results-heading">{t('results')}</h2>
        <div className="table-tools wrap">
          <span className="inline-field">
            <label htmlFor={`${sortId}-sort`}>{t('sort.label')}</label>
            <select
              id={`${sortId}-sort`}
              name="sort"
              value={sorting.sort}
              onChange={(event) => go(conditions, { ...sorting, sort: event.target.value as typeof sorting.sort })}
            >
              {ARCHIVE_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`sort.${sort}`)}
                </option>
              ))}
            </select>
          </span>
          <span className="inline-field">
            <label htmlFor={`${sortId}-order`}>{t('sort.order')}</label>
            <select
              id={`${sortId}-order`}
              name="order"
              value={sorting.order}
              onChange={(event) => go(conditions, { ...sorting, order: event.target.value as SortOrder })}
            >
              <option value="desc">{t('sort.desc')}</option>
              <option value="asc">{t('sort.asc')}</option>
            </select>
          </span>
        </div>
        <div aria-live="polite">{result.isFetching && <p className="muted">{t('searching')}</p>}</div>
        {result.error && <ErrorMessage error={result.error} />}
        {data && !result.error && (
          <>
            <div className="table-tools">
              <PageRange testId="archive-count" total={data.total} from={data.from} to={data.to} />
              <Pager label={t('title')} page={page} pageCount={pageCount} onPage={(next) => go(conditions, sorting, next)} />
            </div>
            {data.total === 0 ? (
              <EmptyState />
            ) : (
              <DataTable<ArchivedContract>
                label={t('tableName')}
                rows={data.items}
                rowKey={(row) => row.contractId}
                rowProps={(row) => ({ 'data-document-number': row.documentNumber })}
                columns={[
                  {
                    key: 'documentNumber',
                    header: t('fields.documentNumber'),
                    cell: (row) => (
                      <ContractLink contractId={row.contractId} from={here}>
                        {row.documentNumber}
                      </ContractLink>
                    ),
                  },
                  { key: 'name', header: t('fields.name'), cell: (row) => row.name },
                  { key: 'counterpartyName', header: t('fields.counterpartyName'), cell: (row) => row.counterparty.companyName },
                  { key: 'transactionDate', header: t('fields.transactionDate'), cell: (row) => formatDay(row.transactionDate) },
                  {
                    key: 'amount',
                    header: t('fields.amount'),
                    cell: (row) => t('common:yen', { amount: formatAmount(row.amount) }),
                  },
                  { key: 'concludedAt', header: t('fields.concludedAt'), cell: (row) => formatDate(row.concludedAt) },
                  {
                    key: 'longTermLevel',
                    header: t('fields.longTermLevel'),
                    cell: (row) =>
                      row.longTerm
                        ? `PAdES ${row.longTerm.level}${row.longTerm.generation > 0 ? t('fields.renewed', { count: row.longTerm.generation }) : ''}`
                        : t('fields.longTermNone'),
                  },
                  {
                    key: 'archiveTimestampAt',
                    header: t('fields.archiveTimestampAt'),
                    cell: (row) => formatDateTime(row.longTerm?.archiveTimestampAt) || t('fields.longTermNone'),
                  },
                  {
                    key: 'proofUntil',
                    header: t('fields.proofUntil'),
                    cell: (row) => (
                      <>
                        {formatDate(row.longTerm?.proofUntil) || t('fields.longTermNone')}
                        {row.longTerm?.expiring && (
                          <>
                            {' '}
                            <span className="badge badge-warn" title={t('fields.expiringHint')}>
                              {t('fields.expiring')}
                            </span>
                          </>
                        )}
                      </>
                    ),
                  },
                  { key: 'downloads', header: t('downloads.header'), cell: (row) => <ArchiveDownloads contract={row} /> },
                ]}
              />
            )}
          </>
        )}
      </section>
    </Page>
  );
}
