import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../api/api-client';
import type { ContractPage, ContractView } from '../api/api-types';
import { Page } from '../shell/page';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { formatDate } from '../ui/format';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';
import { ContractFilter, ContractFilters, FILTER_KEYS } from './contract-filters';
import { ContractLink } from './contract-link';

const PAGE_SIZE = 20;

/**
 * 契約締結 → 送信済み (the company's contracts it sent) or 受信 (those it
 * received): search conditions, 「N件中 a～b件目を表示」 and 前へ / 次へ. The
 * conditions and the page live in the URL, so 戻る from 契約文書情報 and a
 * reload keep them; a page past the end goes to the last one.
 */
export function ContractListPage({ direction }: { direction: 'SENT' | 'RECEIVED' }) {
  const { t } = useTranslation('contracts');
  const [params, setParams] = useSearchParams();
  const { pathname, search } = useLocation();
  const page = pageParam(params);
  const filter = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as unknown as ContractFilter;
  const conditions = { ...filter, scope: 'COMPANY', direction, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['contracts', 'list', conditions],
    queryFn: () => api<ContractPage>('GET', `/api/contracts${queryString(conditions)}`),
    placeholderData: keepPreviousData,
  });
  const title = t(direction === 'SENT' ? 'shell:menu.contractsSent' : 'shell:menu.contractsReceived');
  const withPage = (next: number, values: ContractFilter = filter) => {
    const entries = Object.entries(values).filter(([, value]) => value !== '');
    return Object.fromEntries(next > 1 ? [...entries, ['page', String(next)]] : entries) as Record<string, string>;
  };
  const data = list.data;
  const pageCount = data ? pageCountOf(data.total, data.pageSize) : 1;
  if (data && !list.isPlaceholderData && page > pageCount) {
    return <Navigate to={`${pathname}${queryString(withPage(pageCount))}`} replace />;
  }
  const here = `${pathname}${search}`;
  return (
    <Page title={title}>
      <ContractFilters key={search} initial={filter} onSearch={(next) => setParams(withPage(1, next))} />
      {list.isPending && <p className="muted">{t('common:loading')}</p>}
      <ErrorMessage error={list.error} />
      {data && (
        <>
          <div className="table-tools">
            <PageRange testId="result-count" total={data.total} from={data.from} to={data.to} />
            <Pager label={title} page={page} pageCount={pageCount} onPage={(next) => setParams(withPage(next))} />
          </div>
          {data.total === 0 ? (
            <EmptyState />
          ) : (
            <DataTable<ContractView>
              label={title}
              rows={data.items}
              rowKey={(row) => row.contractId}
              columns={[
                { key: 'no', header: 'No', cell: (_row, index) => data.from + index },
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
                { key: 'signatureMode', header: t('fields.signatureMode'), cell: (row) => t(`common:signatureMode.${row.signatureMode}`) },
                { key: 'counterpartyName', header: t('fields.counterpartyName'), cell: (row) => row.counterparty.companyName },
                { key: 'counterpartySide', header: t('fields.counterpartySide'), cell: (row) => t(`common:side.${row.counterparty.side}`) },
                { key: 'status', header: t('fields.status'), cell: (row) => t(`common:status.${row.status}`) },
                { key: 'updatedAt', header: t('fields.updatedAt'), cell: (row) => formatDate(row.updatedAt) },
              ]}
            />
          )}
        </>
      )}
    </Page>
  );
}
