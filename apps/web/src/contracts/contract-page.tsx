import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { safeNextPath } from '../auth/next-path';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { ContractInfo } from './contract-info';
import { ContractPdf } from './contract-pdf';
import { useContract } from './use-contract';

/**
 * 契約文書情報 (`/contracts/<ID or 文書管理番号>?from=…`): the contract's
 * information and its PDF. 戻る returns to `from` (トップページ unless named).
 * A contract the user may not see is the API's 404.
 */
export function ContractPage() {
  const { t } = useTranslation('contracts');
  const { reference = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const contract = useContract(reference);
  const from = safeNextPath(params.get('from'));
  return (
    <Page title={t('title')}>
      {contract.isPending && <p className="muted">{t('common:loading')}</p>}
      {contract.error && <ErrorMessage error={contract.error} />}
      {contract.data && (
        <>
          <ContractInfo contract={contract.data} />
          <ContractPdf contractId={contract.data.contractId} fileName={`${contract.data.documentNumber}.pdf`} />
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
