import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../api/api-client';
import type { BulkSessionView } from '../api/api-types';
import { Page } from '../shell/page';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { useBulkSignMemory } from './bulk-sign-memory';
import { BulkSignCandidates, BulkSignSearch } from './bulk-sign-types';
import { DocumentTable, rowOfContract } from './document-table';
import { NO_CONDITIONS, SearchForm } from './search-form';

const SELECT_PATH = '/bulk-sign';

/**
 * 契約文書一括署名（受取）選択: search the documents waiting for my receipt,
 * choose them (全選択 / 全解除), 対象選択 → a session and one signing
 * password by mail. A refusal is shown as the API words it and changes
 * nothing. Opening a document's 契約文書情報 remembers the conditions and the
 * choice; back here, the screen searches again and keeps the choice of the
 * documents still found.
 */
export function BulkSignSelectPage() {
  const { t } = useTranslation('bulk-sign');
  const navigate = useNavigate();
  const memory = useBulkSignMemory();
  const [remembered] = useState(memory.remembered);
  const [conditions, setConditions] = useState<BulkSignSearch>(remembered?.conditions ?? NO_CONDITIONS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set(remembered?.selected ?? []));

  const result = useQuery({
    queryKey: ['bulk-sign', 'candidates', conditions],
    queryFn: async () => {
      const found = await api<BulkSignCandidates>('GET', `/api/bulk-sign/candidates${queryString({ ...conditions })}`);
      // A new search keeps only the chosen documents it still finds.
      setSelected((current) => new Set(found.items.map((item) => item.contractId).filter((contractId) => current.has(contractId))));
      return found;
    },
    staleTime: 0,
    gcTime: 0,
  });
  const select = useMutation({
    mutationFn: (contractIds: string[]) => api<BulkSessionView>('POST', '/api/bulk-sign/sessions', { contractIds }),
    onSuccess: (session) => {
      memory.remember(null);
      memory.keepSelection({ sessionId: session.sessionId, contracts: items.filter((item) => selected.has(item.contractId)) });
      void navigate(`/bulk-sign/sessions/${session.sessionId}`);
    },
  });

  const items = result.data?.items ?? [];
  const toggle = (contractId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(contractId)) {
        next.add(contractId);
      }
      return next;
    });

  return (
    <Page title={t('selectTitle')}>
      <p className="muted">{t('selectLead')}</p>
      <SearchForm initial={remembered?.conditions} disabled={result.isFetching} onSearch={setConditions} />

      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{t('results')}</h2>
        {result.isFetching && <p className="muted">{t('searching')}</p>}
        {result.error && <ErrorMessage error={result.error} />}
        {result.data && !result.isFetching && (
          <>
            {result.data.truncated && (
              <p className="notice" role="status" data-testid="truncated-notice">
                {t('truncated', { limit: result.data.limit })}
              </p>
            )}
            <div className="table-tools">
              <button type="button" className="link-button" onClick={() => setSelected(new Set(items.map((item) => item.contractId)))}>
                {t('selectAll')}
              </button>
              {' / '}
              <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
                {t('clearAll')}
              </button>
              <span data-testid="result-count">{t('resultCount', { total: result.data.total, shown: items.length })}</span>
            </div>
            {items.length === 0 ? (
              <EmptyState />
            ) : (
              <DocumentTable
                label={t('resultsName')}
                rows={items.map(rowOfContract)}
                selection={{ selected, toggle }}
                links={{ from: SELECT_PATH, onOpen: () => memory.remember({ conditions, selected: [...selected] }) }}
              />
            )}
            <ErrorMessage error={select.error} />
            <div className="form-actions">
              <button
                type="button"
                onClick={() => select.mutate(items.filter((item) => selected.has(item.contractId)).map((item) => item.contractId))}
                disabled={select.isPending || selected.size === 0}
              >
                {t('select')}
              </button>
              <span className="muted">{t('selectedCount', { count: selected.size })}</span>
            </div>
          </>
        )}
      </section>
    </Page>
  );
}
