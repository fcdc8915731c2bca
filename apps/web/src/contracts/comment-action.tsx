import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { useAnnounce } from '../shell/announcer';
import { ContractCommand, useContractCommand } from './use-contract-command';

/**
 * One command with an optional comment (承認, 差戻し, 受取拒否, 取消, 送信):
 * the button opens a confirmation dialog, as none of them can be undone;
 * the result is announced and the screen shows the contract's new state.
 */
export function CommentAction({
  contractId,
  command,
  withComment = true,
  danger = false,
}: {
  contractId: string;
  command: Extract<ContractCommand, 'submit' | 'approve' | 'return' | 'decline' | 'withdraw'>;
  withComment?: boolean;
  danger?: boolean;
}) {
  const { t } = useTranslation('contracts');
  const announce = useAnnounce();
  const mutation = useContractCommand(contractId);
  const [comment, setComment] = useState('');
  const [confirming, setConfirming] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setConfirming(true);
  };
  const run = () => {
    setConfirming(false);
    const text = comment.trim();
    mutation.mutate(
      { command, body: withComment && text ? { comment: text } : {} },
      {
        onSuccess: () => {
          setComment('');
          announce(t(`actions.${command}.done`));
        },
      },
    );
  };
  return (
    <form className="form action-form" onSubmit={submit} aria-labelledby={`action-${command}`}>
      <h3 id={`action-${command}`}>{t(`actions.${command}.title`)}</h3>
      <p className="muted">{t(`actions.${command}.lead`)}</p>
      <ErrorMessage error={mutation.error} />
      {withComment && (
        <Field label={t('actions.comment')}>
          <textarea rows={2} maxLength={1000} value={comment} onChange={(event) => setComment(event.target.value)} />
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className={danger ? 'danger' : undefined} disabled={mutation.isPending}>
          {t(`actions.${command}.button`)}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t(`actions.${command}.confirmTitle`)}
        confirmLabel={t(`actions.${command}.button`)}
        onConfirm={run}
        onCancel={() => setConfirming(false)}
      >
        <p>{t(`actions.${command}.confirm`)}</p>
      </ConfirmDialog>
    </form>
  );
}
