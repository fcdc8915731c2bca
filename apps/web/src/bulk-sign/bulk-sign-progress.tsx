import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { BulkSessionView } from '../api/api-types';
import { useAnnounce } from '../shell/announcer';
import { bulkResultPath } from '../top/bulk-result';
import { DataTable } from '../ui/data-table';
import { useBulkSignProgress } from './use-bulk-sign-progress';

/**
 * The background signing as it goes: counts, each document's state, and the summary when it is complete. Watched to
 * its end, it goes on to トップページ with the result shown there (the seed: 「署名が完了すると、[トップページ]
 * 画面が表示されます」), from where this screen, now the per-document result, is one click away.
 */
export function BulkSignProgress({ initial }: { initial: BulkSessionView }) {
  const { t, i18n } = useTranslation('bulk-sign');
  const navigate = useNavigate();
  const announce = useAnnounce();
  const client = useQueryClient();
  const session = useBulkSignProgress(initial);
  const complete = session.status === 'COMPLETED';
  const summary = complete ? t('completed', { done: session.done, failed: session.failed }) : t('running');
  useEffect(() => announce(summary), [announce, summary]);
  const watchedToEnd = complete && initial.status !== 'COMPLETED';
  const left = useRef(false);
  useEffect(() => {
    if (watchedToEnd && !left.current) {
      left.current = true;
      // What the lists and this session's screen knew is out of date now.
      client.setQueryData(['bulk-sign', 'session', session.sessionId], session);
      void client.invalidateQueries({ queryKey: ['contracts'] });
      void navigate(bulkResultPath(session.sessionId));
    }
  }, [watchedToEnd, client, navigate, session]);
  return (
    <section aria-labelledby="progress-heading" data-testid="bulk-sign-progress" data-status={session.status}>
      <h2 id="progress-heading">{t('progress')}</h2>
      <p role="status">{summary}</p>
      <progress max={session.total} value={session.done + session.failed} aria-label={t('progressBar')} />
      <dl className="counts">
        <dt>{t('counts.status')}</dt>
        <dd data-testid="session-status">{t(`sessionStatus.${session.status}`)}</dd>
        <dt>{t('counts.total')}</dt>
        <dd data-testid="count-total">{t('counts.value', { count: session.total })}</dd>
        <dt>{t('counts.done')}</dt>
        <dd data-testid="count-done">{t('counts.value', { count: session.done })}</dd>
        <dt>{t('counts.failed')}</dt>
        <dd data-testid="count-failed">{t('counts.value', { count: session.failed })}</dd>
        <dt>{t('counts.pending')}</dt>
        <dd data-testid="count-pending">{t('counts.value', { count: session.pending })}</dd>
      </dl>
      <DataTable
        label={t('progressName')}
        rows={session.items}
        rowKey={(item) => item.contractId}
        rowProps={(item) => ({ 'data-state': item.state })}
        columns={[
          { key: 'no', header: t('columns.no'), cell: (_item, index) => index + 1 },
          { key: 'documentNumber', header: t('columns.documentNumber'), cell: (item) => item.documentNumber },
          { key: 'name', header: t('columns.name'), cell: (item) => item.name },
          { key: 'counterpartyName', header: t('columns.counterpartyName'), cell: (item) => item.counterpartyName },
          { key: 'counterpartySide', header: t('columns.counterpartySide'), cell: (item) => t(`common:side.${item.counterpartySide}`) },
          {
            key: 'state',
            header: t('columns.state'),
            cell: (item) => (
              <>
                {t(`itemState.${item.state}`)}
                {item.failure && <span className="error">（{i18n.language === 'en' ? item.failure.en : item.failure.ja}）</span>}
              </>
            ),
          },
        ]}
      />
      {complete && (
        <div className="form-actions">
          <button type="button" onClick={() => void navigate('/')}>
            {t('common:toTop')}
          </button>
        </div>
      )}
    </section>
  );
}
