import { useEffect, useRef, useState } from 'react';
import { ContractView } from '../contracts/contract-types';
import { api, ApiError, asApiError, queryString } from '../shell/api-client';
import { ErrorMessage } from '../shell/error-message';
import { Layout } from '../shell/layout';
import { navigate, Routes } from '../shell/router';
import { Loaded } from '../shell/use-api';
import { BulkSessionView, BulkSignCandidates, BulkSignSearch, BulkSignSelectMemory } from './bulk-sign-types';
import { DocumentTable, rowOfContract } from './document-table';
import { NO_CONDITIONS, SearchForm } from './search-form';

/**
 * 契約文書一括署名（受取）選択: search the documents waiting for my receipt,
 * choose them (全選択 / 全解除), 対象選択 → a session and one signing
 * password by mail. A refusal is shown as the API words it and changes nothing.
 * Opening a document's 契約文書情報 hands the conditions and the choice to
 * `onRemember`; back here, `remembered` searches again and keeps the choice
 * of the documents still found.
 */
export function BulkSignSelectPage({
  onSelected,
  remembered,
  onRemember,
}: {
  onSelected: (session: BulkSessionView, contracts: ContractView[]) => void;
  remembered: BulkSignSelectMemory | null;
  onRemember: (memory: BulkSignSelectMemory) => void;
}) {
  const [result, setResult] = useState<Loaded<BulkSignCandidates>>({ status: 'loading' });
  const [searched, setSearched] = useState<BulkSignSearch>(remembered?.conditions ?? NO_CONDITIONS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [selectError, setSelectError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const latest = useRef(0);

  const search = (conditions: BulkSignSearch, keep: readonly string[] = []) => {
    const request = ++latest.current;
    setResult({ status: 'loading' });
    setSelectError(null);
    setSearched(conditions);
    api<BulkSignCandidates>('GET', `/api/bulk-sign/candidates${queryString({ ...conditions })}`).then(
      (data) => {
        if (request === latest.current) {
          setResult({ status: 'loaded', data });
          setSelected(new Set(data.items.map((item) => item.contractId).filter((contractId) => keep.includes(contractId))));
        }
      },
      (error: unknown) => request === latest.current && setResult({ status: 'failed', error: asApiError(error) }),
    );
  };

  // The screen opens with every waiting document found, as 検索 without conditions finds them (or as last left).
  useEffect(() => search(remembered?.conditions ?? NO_CONDITIONS, remembered?.selected), []);

  const items = result.status === 'loaded' ? result.data.items : [];
  const toggle = (contractId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(contractId)) {
        next.add(contractId);
      }
      return next;
    });

  const selectTargets = () => {
    const chosen = items.filter((item) => selected.has(item.contractId));
    setSelectError(null);
    setPending(true);
    api<BulkSessionView>('POST', '/api/bulk-sign/sessions', { contractIds: chosen.map((item) => item.contractId) }).then(
      (session) => {
        onSelected(session, chosen);
        navigate(Routes.bulkSignSession(session.sessionId));
      },
      (error: unknown) => {
        setSelectError(asApiError(error));
        setPending(false);
      },
    );
  };

  return (
    <Layout title="契約文書一括署名（受取）選択">
      <p className="muted">
        検索できる契約文書は、マイリストに表示された、ステータスが「受領側受取待ち」のみです。必要に応じて条件を設定し「検索」をクリックしてください。
      </p>
      <SearchForm initial={remembered?.conditions} disabled={result.status === 'loading'} onSearch={search} />

      <section aria-labelledby="results-heading">
        <h2 id="results-heading">■ 検索結果</h2>
        {result.status === 'loading' && <p className="muted">検索しています…</p>}
        {result.status === 'failed' && <ErrorMessage error={result.error} />}
        {result.status === 'loaded' && (
          <>
            {result.data.truncated && (
              <p className="notice" role="status" data-testid="truncated-notice">
                検索結果は、最大{result.data.limit}件までを表示します。{result.data.limit}
                件より多い場合は署名を行い、ステータスが「受領側受取待ち」の契約文書を少なくすると検索結果に表示できます。
              </p>
            )}
            <div className="table-tools">
              <button type="button" className="link-button" onClick={() => setSelected(new Set(items.map((item) => item.contractId)))}>
                全選択
              </button>
              {' / '}
              <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
                全解除
              </button>
              <span data-testid="result-count">
                {result.data.total}件中{items.length}件を表示
              </span>
            </div>
            <DocumentTable
              label="検索結果"
              rows={items.map(rowOfContract)}
              selection={{ selected, toggle }}
              links={{ from: Routes.bulkSignSelect, onOpen: () => onRemember({ conditions: searched, selected: [...selected] }) }}
            />
            <ErrorMessage error={selectError} />
            <div className="form-actions">
              <button type="button" onClick={selectTargets} disabled={pending || selected.size === 0}>
                対象選択
              </button>
              <span className="muted">{selected.size}件選択中</span>
            </div>
          </>
        )}
      </section>
    </Layout>
  );
}
