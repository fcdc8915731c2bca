import { Field } from './field';

/**
 * A secret typed by a person (login password, new password, PIN): a labelled
 * `type="password"` field, required, whose value lives only in the screen's
 * state (the screen empties it as its request leaves). `autoComplete` tells
 * the browser's password manager what it is (`current-password`,
 * `new-password`, `off` for a PIN or a signing password).
 */
export function PasswordField({
  label,
  name,
  value,
  onChange,
  autoComplete,
  inputMode,
  error,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password' | 'off';
  inputMode?: 'numeric';
  /** A sentence about this field (a rule it breaks), shown under it. */
  error?: string | null;
}) {
  return (
    <Field label={label} error={error}>
      <input
        name={name}
        type="password"
        autoComplete={autoComplete}
        inputMode={inputMode}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required
      />
    </Field>
  );
}

/** 新しいパスワード and 新しいパスワード(確認): the pair パスワード変更 and パスワード再設定 ask for (the screen compares them before sending). */
export function NewPasswordFields({
  labels,
  newPassword,
  confirmation,
  onNewPassword,
  onConfirmation,
}: {
  labels: { newPassword: string; confirmation: string };
  newPassword: string;
  confirmation: string;
  onNewPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
}) {
  return (
    <>
      <PasswordField
        label={labels.newPassword}
        name="newPassword"
        autoComplete="new-password"
        value={newPassword}
        onChange={onNewPassword}
      />
      <PasswordField
        label={labels.confirmation}
        name="newPasswordConfirmation"
        autoComplete="new-password"
        value={confirmation}
        onChange={onConfirmation}
      />
    </>
  );
}
