import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { ErrorMessage } from '../ui/error-message';
import { formatDateTime } from '../ui/format';

/** The parts of the signing service's validation report this screen shows (the report is the API's `Record<string, unknown>`). */
interface SignatureVerdict {
  index: number;
  status: 'valid' | 'invalid' | 'indeterminate';
  summary: string;
  signer?: { commonName?: string; organization?: string; subject: string };
  signingTime?: { proven?: string; claimed?: string };
}
interface Report {
  signatureCount: number;
  allValid: boolean;
  signatures: SignatureVerdict[];
}

/**
 * ■ 署名: the PDF's signatures as the platform validates them now (by the
 * hash of the stored PDF: nothing is uploaded), each with its verdict.
 */
export function ContractSignatures({ sha256 }: { sha256: string }) {
  const { t } = useTranslation('contracts');
  const report = useQuery({
    queryKey: ['contracts', 'signatures', sha256],
    queryFn: () => api<Report>('POST', '/api/signing/validate', { sha256 }),
  });
  return (
    <section aria-labelledby="contract-signatures-heading">
      <h2 id="contract-signatures-heading">{t('signatures.heading')}</h2>
      <ErrorMessage error={report.error} />
      {report.isPending && <p className="muted">{t('common:loading')}</p>}
      {report.data && report.data.signatureCount === 0 && <p className="muted">{t('signatures.none')}</p>}
      {report.data && report.data.signatureCount > 0 && (
        <ol className="signatures" data-testid="signatures">
          {report.data.signatures.map((signature) => (
            <li key={signature.index}>
              <span className={`badge badge-${signature.status === 'valid' ? 'ok' : signature.status === 'invalid' ? 'bad' : 'warn'}`}>
                {t(`signatures.status.${signature.status}`)}
              </span>{' '}
              {[signature.signer?.organization, signature.signer?.commonName].filter(Boolean).join(' ') || signature.signer?.subject}
              {(signature.signingTime?.proven ?? signature.signingTime?.claimed) && (
                <> — {t('signatures.signedAt', { at: formatDateTime(signature.signingTime?.proven ?? signature.signingTime?.claimed) })}</>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
