import { useTranslation } from 'react-i18next';
import type { MatterView } from '@app/contracts';
import { Field } from '../ui/field';
import { RegistrationDraft } from './registration-form';

/**
 * ■ 契約文書情報 of 契約文書登録: 契約文書名称, 取引先 (企業ID) and its
 * 受取担当者 (利用者ID), the own 受発注区分, 署名有無, 取引年月日, 取引金額,
 * and the 案件 when the company has 案件管理 (`matters` null otherwise).
 */
export function ContractFields({
  draft,
  onChange,
  matters,
  amountError,
}: {
  draft: RegistrationDraft;
  onChange: (draft: RegistrationDraft) => void;
  matters: MatterView[] | null;
  amountError: string | null;
}) {
  const { t } = useTranslation('contract-register');
  const set =
    (field: 'name' | 'counterpartyCompanyId' | 'recipientUserId' | 'transactionDate' | 'amount' | 'matterId') =>
    (event: { target: { value: string } }) =>
      onChange({ ...draft, [field]: event.target.value });
  return (
    <fieldset className="form contract-fields">
      <legend>{t('info')}</legend>
      <Field label={t('fields.name')}>
        <input name="name" maxLength={200} value={draft.name} onChange={set('name')} required />
      </Field>
      <Field label={t('fields.counterpartyCompanyId')} hint={t('fields.counterpartyHint')}>
        <input
          name="counterpartyCompanyId"
          placeholder="C000002"
          maxLength={7}
          autoComplete="off"
          value={draft.counterpartyCompanyId}
          onChange={set('counterpartyCompanyId')}
          required
        />
      </Field>
      <Field label={t('fields.recipientUserId')} hint={t('fields.recipientHint')}>
        <input
          name="recipientUserId"
          placeholder="U000006"
          maxLength={7}
          autoComplete="off"
          value={draft.recipientUserId}
          onChange={set('recipientUserId')}
          required
        />
      </Field>
      <fieldset className="choices">
        <legend>{t('fields.senderSide')}</legend>
        {(['ORDERER', 'CONTRACTOR'] as const).map((side) => (
          <label key={side}>
            <input
              type="radio"
              name="senderSide"
              checked={draft.senderSide === side}
              onChange={() => onChange({ ...draft, senderSide: side })}
            />{' '}
            {t(`common:side.${side}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="choices">
        <legend>{t('fields.signatureMode')}</legend>
        {(['BOTH', 'SENDER_ONLY'] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="signatureMode"
              checked={draft.signatureMode === mode}
              onChange={() => onChange({ ...draft, signatureMode: mode })}
            />{' '}
            {t(`common:signatureMode.${mode}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('fields.transactionDate')}>
        <input name="transactionDate" type="date" value={draft.transactionDate} onChange={set('transactionDate')} required />
      </Field>
      <Field label={t('fields.amount')} error={amountError}>
        <input name="amount" inputMode="numeric" value={draft.amount} onChange={set('amount')} required />
      </Field>
      {matters && (
        <Field label={t('fields.matter')}>
          <select name="matterId" value={draft.matterId} onChange={set('matterId')}>
            <option value="">{t('fields.noMatter')}</option>
            {matters.map((matter) => (
              <option key={matter.matterId} value={matter.matterId}>
                {matter.code ? `${matter.code} ${matter.name}` : matter.name}
              </option>
            ))}
          </select>
        </Field>
      )}
    </fieldset>
  );
}
