import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../api/api-types';

export type UserAction = 'disable' | 'enable' | 'unlock' | 'password-reset' | 'certificate';

/** 利用停止 / 利用再開, ロック解除, パスワード再発行 (asked twice: the current password stops working), 電子証明書の発行 for a signer. */
export function UserActions({ user, pending, onAction }: { user: UserView; pending: boolean; onAction: (action: UserAction) => void }) {
  const { t } = useTranslation('users');
  const [confirmingReset, setConfirmingReset] = useState(false);
  return (
    <section aria-labelledby="user-actions-heading">
      <h2 id="user-actions-heading">{t('detail.actions')}</h2>
      <div className="actions wrap-actions">
        {!user.isAdministrator &&
          (user.status === 'DISABLED' ? (
            <button type="button" className="secondary" disabled={pending} onClick={() => onAction('enable')}>
              {t('detail.enable')}
            </button>
          ) : (
            <button type="button" className="secondary" disabled={pending} onClick={() => onAction('disable')}>
              {t('detail.disable')}
            </button>
          ))}
        {user.status === 'LOCKED' && (
          <button type="button" className="secondary" disabled={pending} onClick={() => onAction('unlock')}>
            {t('detail.unlock')}
          </button>
        )}
        <button type="button" className="secondary" disabled={pending} onClick={() => setConfirmingReset(true)}>
          {t('detail.resetPassword')}
        </button>
        {user.roles.includes('signer') && (
          <button type="button" className="secondary" disabled={pending} onClick={() => onAction('certificate')}>
            {t('detail.issueCertificate')}
          </button>
        )}
      </div>
      {confirmingReset && (
        <div className="notice long-words" role="alertdialog" aria-labelledby="reset-question">
          <p id="reset-question">{t('detail.confirmReset')}</p>
          <div className="actions">
            <button
              type="button"
              disabled={pending}
              onClick={() => {
                setConfirmingReset(false);
                onAction('password-reset');
              }}
            >
              {t('common:confirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmingReset(false)}>
              {t('common:cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
