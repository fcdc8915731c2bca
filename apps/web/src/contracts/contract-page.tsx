import { ErrorMessage } from '../shell/error-message';
import { Layout } from '../shell/layout';
import { navigate } from '../shell/router';
import { useApiGet } from '../shell/use-api';
import { ContractInfo } from './contract-info';
import { ContractPdf } from './contract-pdf';
import { ContractDetail } from './contract-types';

/**
 * 契約文書情報: the contract's information and its PDF, for checking a
 * document from マイリスト or the bulk selection before signing. 戻る
 * returns to `from`. A contract the user may not see is the API's 404.
 */
export function ContractPage({ contractId, from }: { contractId: string; from: string }) {
  const contract = useApiGet<ContractDetail>(`/api/contracts/${contractId}`);
  return (
    <Layout title="契約文書情報">
      {contract.status === 'loading' && <p className="muted">読み込んでいます…</p>}
      {contract.status === 'failed' && <ErrorMessage error={contract.error} />}
      {contract.status === 'loaded' && (
        <>
          <ContractInfo contract={contract.data} />
          <ContractPdf contractId={contract.data.contractId} fileName={`${contract.data.documentNumber}.pdf`} />
        </>
      )}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={() => navigate(from)}>
          戻る
        </button>
      </div>
    </Layout>
  );
}
