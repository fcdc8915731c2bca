import { FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { CertificateView } from '../api/api-types';
import { useSignedIn } from '../auth/session';
import { useAnnounce } from '../shell/announcer';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { formatDate } from '../ui/format';
import { useContractCommand } from './use-contract-command';

/** Codes after which only a new signing password helps. */
const NEEDS_NEW_PASSWORD = new Set(['SIGNING_PASSWORD_VOIDED', 'SIGNING_PASSWORD_INVALID']);

/**
 * 署名: the signer's active certificate and the signing password from
 * 「署名用パスワード 発行のお知らせ」. The password lives only in this
 * field and is cleared as the request leaves. 署名用パスワード再発行 mails a
 * new one (the old one is void), for a password that expired, was used up
 * or was locked by wrong entries.
 */
export function SignAction({ contractId }: { contractId: string }) {
  const { t } = useTranslation('contracts');
  const { session } = useSignedIn();
  const announce = useAnnounce();
  const sign = useContractCommand(contractId);
  const reissue = useContractCommand(contractId);
  const certificates = useQuery({
    queryKey: ['certificates'],
    queryFn: () => api<{ items: CertificateView[] }>('GET', '/api/certificates'),
  });
  const usable = (certificates.data?.items ?? []).filter(
    (certificate) =>
      certificate.status === 'VALID' &&
      certificate.holders.some((holder) => holder.userId === session.subjectId && holder.status === 'ACTIVE'),
  );
  const [chosen, setChosen] = useState('');
  const serialNumber = chosen || (usable.length === 1 ? usable[0].serialNumber : '');
  const [password, setPassword] = useState('');
  const [reissued, setReissued] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const signingPassword = password;
    setPassword('');
    reissue.reset();
    setReissued(false);
    sign.mutate({ command: 'sign', body: { serialNumber, signingPassword } }, { onSuccess: () => announce(t('actions.sign.done')) });
  };
  const askNewPassword = () => {
    sign.reset();
    reissue.mutate(
      { command: 'signing-password' },
      {
        onSuccess: () => {
          setReissued(true);
          announce(t('actions.reissue.done'));
        },
      },
    );
  };
  const failedCode = (sign.error as { code?: string } | null)?.code;
  return (
    <form className="form action-form" method="post" onSubmit={submit} aria-labelledby="action-sign">
      <h3 id="action-sign">{t('actions.sign.title')}</h3>
      <p className="muted">{t('actions.sign.lead')}</p>
      <ErrorMessage error={sign.error ?? reissue.error ?? certificates.error} />
      {failedCode && NEEDS_NEW_PASSWORD.has(failedCode) && <p>{t('actions.reissue.suggest')}</p>}
      {reissued && (
        <p role="status" className="notice">
          {t('actions.reissue.done')}
        </p>
      )}
      {certificates.isSuccess && usable.length === 0 && <p className="field-error">{t('actions.sign.noCertificate')}</p>}
      <Field label={t('actions.sign.certificate')}>
        <select name="serialNumber" value={serialNumber} onChange={(event) => setChosen(event.target.value)} required>
          <option value="">{t('actions.sign.chooseCertificate')}</option>
          {usable.map((certificate) => (
            <option key={certificate.serialNumber} value={certificate.serialNumber}>
              {t('actions.sign.certificateOption', {
                subject: certificate.subject,
                serialNumber: certificate.serialNumber,
                notAfter: formatDate(certificate.notAfter),
              })}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('actions.sign.password')}>
        <input
          name="signingPassword"
          type="password"
          autoComplete="off"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
        />
      </Field>
      <div className="form-actions">
        {/* Until the certificates are known the (required) certificate is still unchosen: a press would only stop at the browser's own check. */}
        <button type="submit" disabled={sign.isPending || certificates.isPending}>
          {t('actions.sign.button')}
        </button>
        <button type="button" className="secondary" disabled={reissue.isPending} onClick={askNewPassword}>
          {t('actions.reissue.button')}
        </button>
      </div>
    </form>
  );
}
