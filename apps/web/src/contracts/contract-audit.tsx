import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditTrailView, AuditVerification } from '@app/contracts';
import { api } from '../api/api-client';
import { DataTable } from '../ui/data-table';
import { ErrorMessage } from '../ui/error-message';
import { formatDateTime } from '../ui/format';

type Entry = AuditTrailView['entries'][number];

/**
 * ■ 監査証跡: every transition (who, company, what, when, from where, the
 * PDF's hash at that moment), with the result of re-computing its hash chain.
 * Refetched with the contract (same query-key prefix) after each action.
 */
export function ContractAudit({ contractId }: { contractId: string }) {
  const { t, i18n } = useTranslation('contracts');
  const trail = useQuery({
    queryKey: ['contracts', 'audit', contractId],
    queryFn: () => api<AuditTrailView>('GET', `/api/contracts/${contractId}/audit`),
  });
  const verification = useQuery({
    queryKey: ['contracts', 'audit-verify', contractId],
    queryFn: () => api<AuditVerification>('GET', `/api/contracts/${contractId}/audit/verify`),
  });
  const actionLabel = (entry: Entry) => {
    const key = `contracts:audit.actions.${entry.action}`;
    return i18n.exists(key) ? t(key) : entry.action;
  };
  const verdict = verification.data;
  return (
    <section aria-labelledby="contract-audit-heading">
      <h2 id="contract-audit-heading">{t('audit.heading')}</h2>
      <ErrorMessage error={trail.error ?? verification.error} />
      {verdict && (
        <p className={verdict.valid ? 'badge badge-ok' : 'badge badge-bad'} data-testid="audit-verification">
          {verdict.valid
            ? t('audit.chainValid', { entries: verdict.entries })
            : t('audit.chainBroken', { seq: verdict.firstBrokenAt ?? '?' })}
        </p>
      )}
      {trail.data && (
        <DataTable<Entry>
          label={t('audit.table')}
          rows={trail.data.entries}
          rowKey={(entry) => String(entry.seq)}
          columns={[
            { key: 'seq', header: t('audit.columns.seq'), cell: (entry) => entry.seq },
            { key: 'at', header: t('audit.columns.at'), cell: (entry) => formatDateTime(entry.occurredAt) },
            { key: 'action', header: t('audit.columns.action'), cell: actionLabel },
            { key: 'actor', header: t('audit.columns.actor'), cell: (entry) => entry.actor.userId ?? t(`audit.kinds.${entry.actor.kind}`) },
            { key: 'company', header: t('audit.columns.company'), cell: (entry) => entry.actor.companyId ?? '' },
            { key: 'ip', header: t('audit.columns.ip'), cell: (entry) => entry.clientIp ?? '' },
            {
              key: 'hash',
              header: t('audit.columns.hash'),
              cell: (entry) => <code className="hash">{entry.documentSha256 ? `${entry.documentSha256.slice(0, 16)}…` : ''}</code>,
            },
          ]}
        />
      )}
    </section>
  );
}
