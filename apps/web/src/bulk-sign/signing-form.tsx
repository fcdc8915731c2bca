import { FormEvent, useState } from 'react';
import { api, ApiError, asApiError } from '../shell/api-client';
import { ErrorMessage } from '../shell/error-message';
import { formatDate } from '../shell/labels';
import { navigate, Routes } from '../shell/router';
import { BulkSessionView, CertificateView } from './bulk-sign-types';

/**
 * ■ 署名情報: 利用者名, 証明書, 署名用パスワード, 一括署名（受取） / 戻る.
 * The password is cleared from the field as the request leaves and is kept
 * nowhere else; a refusal shows the API's message and the user types again.
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
      <p>署名情報を入力し、一括署名（受取）ボタンを押してください。</p>
      <h2 id="signing-heading">■ 署名情報</h2>
      <p className="muted">署名用パスワードは、対象選択の後にメール「署名用パスワード発行のお知らせ」でお知らせしています。</p>
      <ErrorMessage error={error} />
      <div className="field">
        <span className="field-label">利用者名</span>
        <span data-testid="signer-name">{userName}</span>
      </div>
      <label>
        証明書[必須]
        <select name="serialNumber" value={serialNumber} onChange={(event) => setSerialNumber(event.target.value)} required>
          <option value="">(選択してください)</option>
          {certificates.map((certificate) => (
            <option key={certificate.serialNumber} value={certificate.serialNumber}>
              {certificate.subject}（シリアル番号 {certificate.serialNumber}、有効期限 {formatDate(certificate.notAfter)}）
            </option>
          ))}
        </select>
      </label>
      <label>
        署名用パスワード[必須]
        <input
          name="signingPassword"
          type="password"
          autoComplete="off"
          placeholder="署名用パスワード"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
        />
      </label>
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          一括署名（受取）
        </button>
        <button type="button" className="secondary" onClick={() => navigate(Routes.bulkSignSelect)}>
          戻る
        </button>
      </div>
    </form>
  );
}
