import { ErrorMessage } from '../shell/error-message';
import { useContractPdf } from './use-contract-pdf';

/** ■ 契約文書PDF: the PDF as it stands now (signed ones with their signatures), shown and downloadable. */
export function ContractPdf({ contractId, fileName }: { contractId: string; fileName: string }) {
  const pdf = useContractPdf(contractId);
  return (
    <section aria-labelledby="contract-pdf-heading">
      <h2 id="contract-pdf-heading">■ 契約文書PDF</h2>
      {pdf.status === 'loading' && <p className="muted">PDFを読み込んでいます…</p>}
      {pdf.status === 'failed' && <ErrorMessage error={pdf.error} />}
      {pdf.status === 'loaded' && (
        <>
          <p>
            <a href={pdf.data} download={fileName}>
              PDFをダウンロード（{fileName}）
            </a>
          </p>
          <iframe className="pdf-frame" title="契約文書PDF" src={pdf.data} />
        </>
      )}
    </section>
  );
}
