import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { BulkSessionView } from '../api/api-types';
import { formatDateTime } from '../ui/format';

/** The query parameter of トップページ naming the 一括署名（受取） whose result it shows: `/?bulkResult=<sessionId>`. */
export const BULK_RESULT_PARAM = 'bulkResult';

/** トップページ showing the result of the bulk session `sessionId`, where 一括署名（受取） goes once complete. */
export const bulkResultPath = (sessionId: string) => `/?${BULK_RESULT_PARAM}=${encodeURIComponent(sessionId)}`;

/**
 * ■ 一括署名（受取）の結果 on トップページ, as the seed's 「署名が完了すると、
 * [トップページ] 画面が表示されます」: how many were concluded and how many
 * could not be signed, when it finished, and the per-document results one
 * click away. The session is named in the URL, so a reload keeps it; the
 * counts are the API's (GET /api/bulk-sign/sessions/:id). 閉じる takes it
 * out of the URL. A session that is not (or no longer) complete or not the
 * viewer's shows nothing.
 */
export function BulkResult() {
  const { t } = useTranslation('top');
  const [params, setParams] = useSearchParams();
  const sessionId = params.get(BULK_RESULT_PARAM) ?? '';
  const result = useQuery({
    queryKey: ['bulk-sign', 'session', sessionId],
    queryFn: () => api<BulkSessionView>('GET', `/api/bulk-sign/sessions/${encodeURIComponent(sessionId)}`),
    enabled: /^[0-9a-f-]{36}$/.test(sessionId),
  });
  const session = result.data;
  if (!session || session.sessionId !== sessionId || session.status !== 'COMPLETED') {
    return null;
  }
  const dismiss = () => {
    const next = new URLSearchParams(params);
    next.delete(BULK_RESULT_PARAM);
    setParams(next, { replace: true });
  };
  return (
    <section className="bulk-result" aria-labelledby="bulk-result-heading" data-testid="bulk-result">
      <h2 id="bulk-result-heading">{t('bulkResult.title')}</h2>
      <p role="status" className="notice" data-testid="bulk-result-summary">
        {t('bulkResult.summary', { done: session.done, failed: session.failed, total: session.total })}
      </p>
      <p className="muted">{t('bulkResult.finishedAt', { at: formatDateTime(session.completedAt) })}</p>
      <div className="form-actions">
        <Link className="button" to={`/bulk-sign/sessions/${session.sessionId}`}>
          {t('bulkResult.details')}
        </Link>
        <button type="button" className="secondary" onClick={dismiss}>
          {t('bulkResult.dismiss')}
        </button>
      </div>
    </section>
  );
}
