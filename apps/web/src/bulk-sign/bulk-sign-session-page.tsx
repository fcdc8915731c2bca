import { useState } from 'react';
import { useSession } from '../auth/session-context';
import { ContractView } from '../contracts/contract-types';
import { ErrorMessage } from '../shell/error-message';
import { Layout } from '../shell/layout';
import { Routes } from '../shell/router';
import { useApiGet } from '../shell/use-api';
import { BulkSessionView, CertificateView } from './bulk-sign-types';
import { BulkSignProgress } from './bulk-sign-progress';
import { DocumentTable, rowOfContract, rowOfItem } from './document-table';
import { SigningForm } from './signing-form';

/**
 * 一括署名（受取）: the chosen documents and the signing form while the
 * session is selected; once executed, its progress until it is complete.
 * `contracts` are the search's rows for the session (they carry 署名有無 and
 * 更新日); after a reload the session's own items stand in for them.
 */
export function BulkSignSessionPage({ sessionId, contracts }: { sessionId: string; contracts?: ContractView[] }) {
  const { state } = useSession();
  const loaded = useApiGet<BulkSessionView>(`/api/bulk-sign/sessions/${sessionId}`);
  const certificates = useApiGet<{ items: CertificateView[] }>('/api/certificates');
  const [started, setStarted] = useState<BulkSessionView | null>(null);
  if (state.status !== 'signed-in') {
    return null;
  }
  const { session: me } = state;
  const session = started ?? (loaded.status === 'loaded' ? loaded.data : null);

  if (session && session.status !== 'SELECTED') {
    return (
      <Layout title="契約文書一括署名（受取）">
        <BulkSignProgress key={session.sessionId} initial={session} />
      </Layout>
    );
  }
  const usable =
    certificates.status === 'loaded'
      ? certificates.data.items.filter(
          (certificate) =>
            certificate.status === 'VALID' &&
            certificate.holders.some((holder) => holder.userId === me.subjectId && holder.status === 'ACTIVE'),
        )
      : [];
  const rows = contracts ? contracts.map(rowOfContract) : (session?.items.map(rowOfItem) ?? []);

  return (
    <Layout title="契約文書一括署名（受取）">
      {loaded.status === 'loading' && <p className="muted">読み込んでいます…</p>}
      {loaded.status === 'failed' && (
        <>
          <ErrorMessage error={loaded.error} />
          <p>
            <a href={`#${Routes.bulkSignSelect}`}>契約文書一括署名（受取）選択へ</a>
          </p>
        </>
      )}
      {session && (
        <>
          {certificates.status === 'failed' && <ErrorMessage error={certificates.error} />}
          {certificates.status === 'loaded' && usable.length === 0 && (
            <p className="error" role="alert">
              有効性確認済みの証明書がありません。証明書管理で証明書有効性確認を行ってください。
            </p>
          )}
          {certificates.status === 'loaded' && (
            <SigningForm sessionId={session.sessionId} userName={me.name} certificates={usable} onStarted={setStarted} />
          )}
          <section aria-labelledby="documents-heading">
            <h2 id="documents-heading">■ 一括署名（受取）一覧</h2>
            <DocumentTable label="一括署名（受取）一覧" rows={rows} />
          </section>
        </>
      )}
    </Layout>
  );
}
