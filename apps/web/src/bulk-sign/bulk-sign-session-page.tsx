import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { BulkSessionView, CertificateView } from '../api/api-types';
import { useSignedIn } from '../auth/session';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { useBulkSignMemory } from './bulk-sign-memory';
import { BulkSignProgress } from './bulk-sign-progress';
import { DocumentTable, rowOfContract, rowOfItem } from './document-table';
import { SigningForm } from './signing-form';

/**
 * 一括署名（受取）: the chosen documents and the signing form while the
 * session is selected; once executed, its progress until it is complete.
 * The rows are the search's (they carry 署名有無 and 更新日); after a reload
 * the session's own items stand in for them.
 */
export function BulkSignSessionPage() {
  const { sessionId = '' } = useParams();
  return <BulkSignSession key={sessionId} sessionId={sessionId} />;
}

function BulkSignSession({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation('bulk-sign');
  const { session: me } = useSignedIn();
  const memory = useBulkSignMemory();
  const loaded = useQuery({
    queryKey: ['bulk-sign', 'session', sessionId],
    queryFn: () => api<BulkSessionView>('GET', `/api/bulk-sign/sessions/${sessionId}`),
    staleTime: 0,
  });
  const certificates = useQuery({
    queryKey: ['certificates'],
    queryFn: () => api<{ items: CertificateView[] }>('GET', '/api/certificates'),
  });
  const [started, setStarted] = useState<BulkSessionView | null>(null);
  const session = started ?? loaded.data ?? null;

  if (session && session.status !== 'SELECTED') {
    return (
      <Page title={t('sessionTitle')}>
        <BulkSignProgress key={session.sessionId} initial={session} />
      </Page>
    );
  }
  const usable = (certificates.data?.items ?? []).filter(
    (certificate) =>
      certificate.status === 'VALID' && certificate.holders.some((holder) => holder.userId === me.subjectId && holder.status === 'ACTIVE'),
  );
  const contracts = memory.selection(sessionId)?.contracts;
  const rows = contracts ? contracts.map(rowOfContract) : (session?.items.map(rowOfItem) ?? []);

  return (
    <Page title={t('sessionTitle')}>
      {loaded.isPending && <p className="muted">{t('common:loading')}</p>}
      {loaded.error && (
        <>
          <ErrorMessage error={loaded.error} />
          <p>
            <Link to="/bulk-sign">{t('toSelect')}</Link>
          </p>
        </>
      )}
      {session && (
        <>
          {certificates.error && <ErrorMessage error={certificates.error} />}
          {certificates.data && usable.length === 0 && (
            <p className="error" role="alert">
              {t('noCertificate')}
            </p>
          )}
          {certificates.data && (
            <SigningForm sessionId={session.sessionId} userName={me.name} certificates={usable} onStarted={setStarted} />
          )}
          <section aria-labelledby="documents-heading">
            <h2 id="documents-heading">{t('documents')}</h2>
            <DocumentTable label={t('documentsName')} rows={rows} />
          </section>
        </>
      )}
    </Page>
  );
}
