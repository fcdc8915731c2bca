import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { CertificateView } from '../api/api-types';
import { useSignedIn } from '../auth/session';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { Column, DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { formatDate } from '../ui/format';
import { holderStatusOf, plainCertificate } from './certificate-subject';
import { useCertificates } from './use-certificates';

/**
 * 証明書一覧: a signer's own certificates with its use status (and the way
 * to 証明書有効性確認 while one awaits it); the 管理用ID's company-wide list
 * with every holder, and PINロック解除 for a holder locked by wrong PINs.
 */
export function CertificateListPage() {
  const { t } = useTranslation('certificates');
  const { session } = useSignedIn();
  const administrator = session.roles.includes('administrator');
  const client = useQueryClient();
  const announce = useAnnounce();
  const certificates = useCertificates();
  const unlock = useMutation({
    mutationFn: ({ serialNumber, userId }: { serialNumber: string; userId: string }) =>
      api<CertificateView>('POST', `/api/certificates/${serialNumber}/holders/${userId}/unlock`),
    onSuccess: (_certificate, { userId }) => {
      announce(t('list.unlocked', { userId }));
      void client.invalidateQueries({ queryKey: ['certificates'] });
    },
  });
  const items = certificates.data?.items ?? [];
  const pending = items.some((certificate) => holderStatusOf(certificate, session.subjectId) === 'PENDING_ACTIVATION');

  const columns: Column<CertificateView>[] = [
    { key: 'holder', header: t('columns.holderName'), cell: (row) => plainCertificate(row).holderName },
    { key: 'company', header: t('columns.companyName'), cell: (row) => plainCertificate(row).companyName },
    { key: 'issuer', header: t('columns.issuer'), cell: (row) => plainCertificate(row).issuer },
    {
      key: 'validity',
      header: t('columns.validity'),
      cell: (row) => t('validity', { from: formatDate(row.notBefore), to: formatDate(row.notAfter) }),
    },
    { key: 'serial', header: t('columns.serialNumber'), cell: (row) => <span className="serial">{row.serialNumber}</span> },
    { key: 'status', header: t('columns.status'), cell: (row) => t(`status.${row.status}`) },
    administrator
      ? {
          key: 'holders',
          header: t('list.holders'),
          cell: (row) => (
            <ul className="plain-list">
              {row.holders.map((holder) => (
                <li key={holder.userId}>
                  {holder.userId} {t(`holderStatus.${holder.status}`)}{' '}
                  {holder.status === 'LOCKED' && (
                    <button
                      type="button"
                      className="secondary"
                      disabled={unlock.isPending}
                      onClick={() => unlock.mutate({ serialNumber: row.serialNumber, userId: holder.userId })}
                    >
                      {t('list.unlock')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          ),
        }
      : {
          key: 'mine',
          header: t('columns.myStatus'),
          cell: (row) => t(`holderStatus.${holderStatusOf(row, session.subjectId) ?? 'PENDING_ACTIVATION'}`),
        },
  ];

  return (
    <Page title={t('list.title')}>
      {pending && (
        <div className="notice long-words">
          <p>{t('list.pendingHint')}</p>
          <Link to="/certificates/activate">{t('list.toActivation')}</Link>
        </div>
      )}
      <ErrorMessage error={certificates.error ?? unlock.error} />
      {certificates.isPending && <p className="loading">{t('common:loading')}</p>}
      {certificates.data && items.length === 0 && <EmptyState>{t('list.empty')}</EmptyState>}
      {items.length > 0 && <DataTable label={t('list.label')} columns={columns} rows={items} rowKey={(row) => row.serialNumber} />}
    </Page>
  );
}
