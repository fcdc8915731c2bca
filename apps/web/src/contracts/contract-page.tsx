import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { safeNextPath } from '../auth/next-path';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { ContractActions } from './contract-actions';
import { ContractAudit } from './contract-audit';
import { ContractInfo } from './contract-info';
import { ContractPdf } from './contract-pdf';
import { ContractRoute } from './contract-route';
import { ContractSignatures } from './contract-signatures';
import { useContract } from './use-contract';

/**
 * 契約文書情報 (`/contracts/<ID or 文書管理番号>?from=…`): the contract's
 * information, what the viewer may do now (by status and role), the route of
 * both companies, the signatures with their verdict (once there is one), the
 * audit trail with its chain check, and the PDF. 戻る returns to `from`
 * (トップページ unless named). A contract the user may not see is the API's 404.
 */
export function ContractPage() {
  const { t } = useTranslation('contracts');
  const { reference = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const contract = useContract(reference);
  const from = safeNextPath(params.get('from'));
  const data = contract.data;
  return (
    <Page title={t('title')}>
      {contract.isPending && <p className="muted">{t('common:loading')}</p>}
      {contract.error && <ErrorMessage error={contract.error} />}
      {data && (
        <>
          <ContractInfo contract={data} />
          <ContractActions contract={data} />
          <ContractRoute contract={data} />
          {data.currentSha256 !== data.originalSha256 && <ContractSignatures sha256={data.currentSha256} />}
          <ContractAudit contractId={data.contractId} />
          <ContractPdf contractId={data.contractId} fileName={`${data.documentNumber}.pdf`} />
        </>
      )}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={() => void navigate(from)}>
          {t('common:back')}
        </button>
      </div>
    </Page>
  );
}
