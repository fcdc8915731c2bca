import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { ErrorMessage } from '../ui/error-message';
import { formatDateTime } from '../ui/format';

/** The parts of the signing service's validation report this screen shows (the report is the API's `Record<string, unknown>`). */
interface SignatureVerdict {
  index: number;
  kind?: 'signature' | 'document-timestamp';
  status: 'valid' | 'invalid' | 'indeterminate';
  summary: string;
  signer?: { commonName?: string; organization?: string; subject: string };
  signingTime?: { proven?: string; claimed?: string };
}
interface Report {
  signatureCount: number;
  allValid: boolean;
  signatures: SignatureVerdict[];
  longTerm?: {
    level: 'B-T' | 'B-LT' | 'B-LTA' | 'none';
    proofUntil?: string;
    proofChain: { unbroken: boolean };
  };
}

function badgeClass(status: SignatureVerdict['status']): string {
  return `badge badge-${status === 'valid' ? 'ok' : status === 'invalid' ? 'bad' : 'warn'}`;
}

/** One verdict as a line: badge, who (the signer, or the time-stamping authority), when. */
function VerdictLine({ verdict, atKey }: { verdict: SignatureVerdict; atKey: 'signatures.signedAt' | 'signatures.stampedAt' }) {
  const { t } = useTranslation('contracts');
  const at = verdict.signingTime?.proven ?? verdict.signingTime?.claimed;
  return (
    <li>
      <span className={badgeClass(verdict.status)}>{t(`signatures.status.${verdict.status}`)}</span>{' '}
      {[verdict.signer?.organization, verdict.signer?.commonName].filter(Boolean).join(' ') || verdict.signer?.subject}
      {at && <> — {t(atKey, { at: formatDateTime(at) })}</>}
    </li>
  );
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
  const signatures = report.data?.signatures.filter((verdict) => verdict.kind !== 'document-timestamp') ?? [];
  const timestamps = report.data?.signatures.filter((verdict) => verdict.kind === 'document-timestamp') ?? [];
  return (
    <section aria-labelledby="contract-signatures-heading">
      <h2 id="contract-signatures-heading">{t('signatures.heading')}</h2>
      <ErrorMessage error={report.error} />
      {report.isPending && <p className="muted">{t('common:loading')}</p>}
      {report.data && report.data.signatureCount === 0 && <p className="muted">{t('signatures.none')}</p>}
      {report.data && report.data.signatureCount > 0 && (
        <>
          <ol className="signatures" data-testid="signatures">
            {signatures.map((signature) => (
              <VerdictLine key={signature.index} verdict={signature} atKey="signatures.signedAt" />
            ))}
          </ol>
          {timestamps.length > 0 && (
            <>
              <h3>{t('signatures.documentTimestamps')}</h3>
              <ol className="signatures" data-testid="document-timestamps">
                {timestamps.map((stamp) => (
                  <VerdictLine key={stamp.index} verdict={stamp} atKey="signatures.stampedAt" />
                ))}
              </ol>
            </>
          )}
          {report.data.longTerm && report.data.longTerm.level !== 'none' && (
            <p data-testid="long-term-level">
              {t('signatures.level', { level: report.data.longTerm.level })}
              {report.data.longTerm.proofUntil && ` ${t('signatures.proofUntil', { at: formatDateTime(report.data.longTerm.proofUntil) })}`}
              {!report.data.longTerm.proofChain.unbroken && ` ${t('signatures.proofChainBroken')}`}
            </p>
          )}
        </>
      )}
    </section>
  );
}
