import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateFields } from '@app/contracts';
import { RouteEditor } from '../contracts/route-editor';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { fieldsOf, TemplateDraft } from './template-fields';

/**
 * A template's fields: its own name (required), then whatever a registration
 * should start from — contract name, counterparty and its 受取担当者 by ID,
 * the side, 署名有無 and the own route (approvers in order, the signer),
 * picked from the own company's users as at registration.
 * The API checks each name as registration does and answers in sentences.
 */
export function TemplateForm({
  initial,
  pending,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: TemplateDraft;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (fields: TemplateFields) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('templates');
  const [draft, setDraft] = useState<TemplateDraft>(initial);
  const [checked, setChecked] = useState(false);
  const { fields, routeIncomplete } = fieldsOf(draft);
  const nameMissing = fields.name === '';
  const set = (field: Exclude<keyof TemplateDraft, 'route'>) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!nameMissing && !routeIncomplete) {
      onSubmit(fields);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('form.label')}>
      <ErrorMessage error={error} />
      <Field label={`${t('fields.name')}${t('common:required')}`} error={checked && nameMissing ? t('form.nameRequired') : null}>
        <input name="name" maxLength={100} value={draft.name} onChange={set('name')} />
      </Field>
      <Field label={t('fields.contractName')}>
        <input name="contractName" maxLength={200} value={draft.contractName} onChange={set('contractName')} />
      </Field>
      <Field label={t('fields.counterpartyCompanyId')} hint={t('form.companyIdHint')}>
        <input
          name="counterpartyCompanyId"
          placeholder="C000002"
          value={draft.counterpartyCompanyId}
          onChange={set('counterpartyCompanyId')}
        />
      </Field>
      <Field label={t('fields.recipientUserId')} hint={t('form.userIdHint')}>
        <input name="recipientUserId" placeholder="U000027" value={draft.recipientUserId} onChange={set('recipientUserId')} />
      </Field>
      <Field label={t('fields.senderSide')}>
        <select name="senderSide" value={draft.senderSide} onChange={set('senderSide')}>
          <option value="">{t('form.unset')}</option>
          <option value="ORDERER">{t('common:side.ORDERER')}</option>
          <option value="CONTRACTOR">{t('common:side.CONTRACTOR')}</option>
        </select>
      </Field>
      <Field label={t('fields.signatureMode')}>
        <select name="signatureMode" value={draft.signatureMode} onChange={set('signatureMode')}>
          <option value="">{t('form.unset')}</option>
          <option value="BOTH">{t('common:signatureMode.BOTH')}</option>
          <option value="SENDER_ONLY">{t('common:signatureMode.SENDER_ONLY')}</option>
        </select>
      </Field>
      <RouteEditor
        legend={t('fields.route')}
        value={draft.route}
        onChange={(route) => setDraft((current) => ({ ...current, route }))}
        problem={checked && routeIncomplete ? 'templates:form.signerRequired' : null}
        optional
      />
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common:back')}
        </button>
      </div>
      <div aria-live="polite">{pending && <p className="muted">{t('form.saving')}</p>}</div>
    </form>
  );
}
