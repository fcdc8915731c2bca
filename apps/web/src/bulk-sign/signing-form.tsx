import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, asApiError } from '../api/api-client';
import type { BulkSessionView, CertificateView } from '../api/api-types';
import { ErrorMessage } from '../ui/error-message';
import { formatDate } from '../ui/format';

/**
 * ■ 署名情報: 利用者名, 証明書, 署名用パスワード, 一括署名（受取） / 戻る.
 * The password is cleared from the field as the request leaves and is kept
 * nowhere else; a refusal shows the API's message and the user types again.
 * 戻る closes the selection (the server forgets it and its password), so a
 * new 対象選択 starts clean.
 */
export function SigningForm({
  sessionId,
  userName,
  certificates,
  onStarted,
}: {
  sessionId: string;
  userName: string;
  certificates: CertificateView[];
  onStarted: (session: BulkSessionView) => void;
}) {
  const { t } = useTranslation('bulk-sign');
  const navigate = useNavigate();
  const [serialNumber, setSerialNumber] = useState(certificates.length === 1 ? certificates[0].serialNumber : '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const signingPassword = password;
    setPassword('');
    setError(null);
    setPending(true);
    api<BulkSessionView>('POST', `/api/bulk-sign/sessions/${sessionId}/execute`, { serialNumber, signingPassword }).then(
      onStarted,
      (failure: unknown) => {
        setError(asApiError(failure));
        setPending(false);
      },
    );
  };

  return (
    <form className="form" method="post" onSubmit={submit} aria-labelledby="signing-heading">
      <p>{t('signingLead')}</p>
      <h2 id="signing-heading">{t('signingInfo')}</h2>
      <p className="muted">{t('passwordMailHint')}</p>
      <ErrorMessage error={error} />
      <div className="field">
        <span className="field-label">{t('userName')}</span>
        <span data-testid="signer-name">{userName}</span>
      </div>
      <label>
        {t('certificate')}
        <select name="serialNumber" value={serialNumber} onChange={(event) => setSerialNumber(event.target.value)} required>
          <option value="">{t('chooseCertificate')}</option>
          {certificates.map((certificate) => (
            <option key={certificate.serialNumber} value={certificate.serialNumber}>
              {t('certificateOption', {
                subject: certificate.subject,
                serialNumber: certificate.serialNumber,
                notAfter: formatDate(certificate.notAfter),
              })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('signingPassword')}
        <input
          name="signingPassword"
          type="password"
          autoComplete="off"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
        />
      </label>
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {t('sign')}
        </button>
        <button type="button" className="secondary" onClick={() => void navigate('/bulk-sign')}>
          {t('common:back')}
        </button>
      </div>
    </form>
  );
}
