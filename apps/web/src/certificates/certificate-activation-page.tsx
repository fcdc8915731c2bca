import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, asApiError } from '../api/api-client';
import type { CertificateView } from '../api/api-types';
import { useSignedIn } from '../auth/session';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage, localError } from '../ui/error-message';
import { Field } from '../ui/field';
import { PasswordField } from '../ui/password-field';
import { CertificateDetails } from './certificate-details';
import { holderStatusOf, plainCertificate } from './certificate-subject';
import { useCertificates } from './use-certificates';

/** The refusal without its `attemptsLeft` detail: the count is in the message already, not a field to name. */
function withoutCount(error: ApiError): ApiError {
  const details = error.details.filter((detail) => detail.path !== 'attemptsLeft');
  return details.length === error.details.length ? error : new ApiError(error.code, error.status, error.ja, error.en, details);
}

/**
 * 証明書有効性確認 (seed): choose the certificate, enter the mailed PIN and
 * the login password, 確定 → the certificate's contents, now active for the
 * logged-in user ID. Both secrets leave the fields as the request leaves.
 * Any wrong PIN/password answers one error (the API never says which) with
 * the tries left before the lock (「ロックまで残り N 回」, in the API's
 * message); the fifth wrong try locks the certificate (the API's
 * CERTIFICATE_LOCKED sentence), five wrong passwords also the user ID.
 */
export function CertificateActivationPage() {
  const { t } = useTranslation('certificates');
  const { session } = useSignedIn();
  const client = useQueryClient();
  const announce = useAnnounce();
  const certificates = useCertificates();
  const [serialNumber, setSerialNumber] = useState('');
  const [pin, setPin] = useState('');
  const [loginPassword, setLoginPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const [activated, setActivated] = useState<CertificateView | null>(null);

  const mine = (certificates.data?.items ?? []).filter((certificate) => holderStatusOf(certificate, session.subjectId) !== undefined);
  // A certificate already active is still offered (a second check does no harm); a pending one is chosen first.
  const ordered = [...mine].sort(
    (a, b) =>
      Number(holderStatusOf(b, session.subjectId) === 'PENDING_ACTIVATION') -
      Number(holderStatusOf(a, session.subjectId) === 'PENDING_ACTIVATION'),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { pin, loginPassword };
    setPin('');
    setLoginPassword('');
    if (!serialNumber || !body.pin || !body.loginPassword) {
      setError(localError('ACTIVATION_INCOMPLETE', t('activation.required', { lng: 'ja' }), t('activation.required', { lng: 'en' })));
      return;
    }
    setError(null);
    setPending(true);
    announce(t('activation.pending'));
    api<CertificateView>('POST', `/api/certificates/${encodeURIComponent(serialNumber)}/activate`, body).then(
      (certificate) => {
        setActivated(certificate);
        setPending(false);
        announce(t('activation.done'));
        void client.invalidateQueries({ queryKey: ['certificates'] });
      },
      (failure: unknown) => {
        setError(withoutCount(asApiError(failure)));
        setPending(false);
      },
    );
  };

  if (activated) {
    return (
      <Page title={t('activation.title')}>
        <p className="notice long-words" role="status">
          {t('activation.done')} {t('activation.activeFor', { userId: session.subjectId })}
        </p>
        <h2>{t('activation.contents')}</h2>
        <CertificateDetails certificate={activated} />
      </Page>
    );
  }

  return (
    <Page title={t('activation.title')}>
      <p className="muted">{t('activation.lead')}</p>
      {certificates.error && <ErrorMessage error={certificates.error} />}
      {certificates.data && ordered.length === 0 && <p className="empty-state">{t('activation.none')}</p>}
      <ErrorMessage error={error} />
      {ordered.length > 0 && (
        <form className="form" method="post" onSubmit={submit} aria-label={t('activation.title')}>
          <Field label={`${t('activation.certificate')} ${t('common:required')}`}>
            <select
              name="serialNumber"
              className="fit-width"
              value={serialNumber}
              onChange={(event) => setSerialNumber(event.target.value)}
              required
            >
              <option value="">{t('activation.choose')}</option>
              {ordered.map((certificate) => (
                <option key={certificate.serialNumber} value={certificate.serialNumber}>
                  {`${plainCertificate(certificate).holderName} (${certificate.serialNumber}) — ${t(`holderStatus.${holderStatusOf(certificate, session.subjectId) ?? 'PENDING_ACTIVATION'}`)}`}
                </option>
              ))}
            </select>
          </Field>
          <PasswordField
            label={`${t('activation.pin')} ${t('common:required')}`}
            name="pin"
            autoComplete="off"
            inputMode="numeric"
            value={pin}
            onChange={setPin}
          />
          <PasswordField
            label={`${t('activation.loginPassword')} ${t('common:required')}`}
            name="loginPassword"
            autoComplete="current-password"
            value={loginPassword}
            onChange={setLoginPassword}
          />
          <div className="form-actions">
            <button type="submit" disabled={pending}>
              {t('common:confirm')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
