import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../ui/error-message';
import { useContractPdf } from './use-contract-pdf';

/** ■ 契約文書PDF: the PDF as it stands now (signed ones with their signatures), shown and downloadable. */
export function ContractPdf({ contractId, fileName }: { contractId: string; fileName: string }) {
  const { t } = useTranslation('contracts');
  const pdf = useContractPdf(contractId);
  return (
    <section aria-labelledby="contract-pdf-heading">
      <h2 id="contract-pdf-heading">{t('pdf')}</h2>
      {pdf.isPending && <p className="muted">{t('pdfLoading')}</p>}
      {pdf.error && <ErrorMessage error={pdf.error} />}
      {pdf.url && (
        <>
          <p>
            <a href={pdf.url} download={fileName}>
              {t('download', { fileName })}
            </a>
          </p>
          <iframe className="pdf-frame" title={t('pdfFrame')} src={pdf.url} />
        </>
      )}
    </section>
  );
}
