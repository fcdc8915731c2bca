import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiBlob } from '../api/api-client';
import type { ArchivedContract } from '@app/contracts';
import { useAnnounce } from '../shell/announcer';
import { saveBlob } from '../ui/download';
import { ErrorMessage } from '../ui/error-message';

type Kind = 'pdf' | 'validationReport' | 'auditTrail';

/** The file each download gives, as the browser saves it. */
async function fileOf(contract: ArchivedContract, kind: Kind): Promise<{ blob: Blob; name: string }> {
  const number = contract.documentNumber;
  if (kind === 'pdf') {
    return { blob: await apiBlob(contract.links.pdf), name: `${number}.pdf` };
  }
  if (kind === 'auditTrail') {
    return { blob: await apiBlob(contract.links.auditTrailPdf), name: `${number}-audit-trail.pdf` };
  }
  // The validation report is the signing service's JSON verdict on the stored PDF, kept as a file beside it.
  const report = await api<unknown>('GET', contract.links.validationReport);
  return {
    blob: new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }),
    name: `${number}-validation-report.json`,
  };
}

/** 締結済PDF, 検証レポート and 監査証跡 of one concluded contract, each saved as a file; progress and the outcome are announced. */
export function ArchiveDownloads({ contract }: { contract: ArchivedContract }) {
  const { t } = useTranslation('archive');
  const announce = useAnnounce();
  const download = useMutation({
    mutationFn: (kind: Kind) => {
      announce(t('downloads.started', { name: t(`downloads.${kind}`) }));
      return fileOf(contract, kind);
    },
    onSuccess: ({ blob, name }) => {
      saveBlob(blob, name);
      announce(t('downloads.done', { name }));
    },
  });
  return (
    <div className="downloads" role="group" aria-label={t('downloads.label', { number: contract.documentNumber })}>
      {(['pdf', 'validationReport', 'auditTrail'] as const).map((kind) => (
        <button
          key={kind}
          type="button"
          className="secondary"
          disabled={download.isPending}
          aria-label={`${t(`downloads.${kind}`)} ${contract.documentNumber}`}
          onClick={() => download.mutate(kind)}
        >
          {t(`downloads.${kind}`)}
        </button>
      ))}
      {download.error && <ErrorMessage error={download.error} />}
    </div>
  );
}
