import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

export interface MatterDraft {
  name: string;
  code: string;
  description: string;
}

/** A matter's name (required), its own code (letters, digits, . _ / -, unique in the company) and a description. */
export function MatterForm({
  initial,
  pending,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: MatterDraft;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (draft: MatterDraft) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('matters');
  const [draft, setDraft] = useState<MatterDraft>(initial);
  const [checked, setChecked] = useState(false);
  const nameMissing = draft.name.trim() === '';
  const codeInvalid = draft.code.trim() !== '' && !/^[A-Za-z0-9_./-]{1,50}$/.test(draft.code.trim());
  const set = (field: keyof MatterDraft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!nameMissing && !codeInvalid) {
      onSubmit({ name: draft.name.trim(), code: draft.code.trim(), description: draft.description.trim() });
    }
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('form.label')}>
      <ErrorMessage error={error} />
      <Field label={`${t('fields.name')}${t('common:required')}`} error={checked && nameMissing ? t('form.nameRequired') : null}>
        <input name="name" maxLength={200} value={draft.name} onChange={set('name')} />
      </Field>
      <Field label={t('fields.code')} hint={t('form.codeHint')} error={checked && codeInvalid ? t('form.codeInvalid') : null}>
        <input name="code" maxLength={50} value={draft.code} onChange={set('code')} />
      </Field>
      <Field label={t('fields.description')}>
        <textarea name="description" rows={4} maxLength={2000} value={draft.description} onChange={set('description')} />
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common:back')}
          </button>
        )}
      </div>
      <div aria-live="polite">{pending && <p className="muted">{t('form.saving')}</p>}</div>
    </form>
  );
}
