import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../ui/field';
import { isDocumentNumber } from '../ui/format';
import { isUpsideDown, RangeInputs } from '../ui/range-inputs';

/** The search conditions of a contract list, as the URL keeps them (empty = not set). */
export interface ContractFilter {
  /** SENT / RECEIVED from the viewer's company (マイリスト only: the two lists fix it). */
  direction: string;
  documentNumber: string;
  name: string;
  counterpartyName: string;
  counterpartySide: string;
  status: string;
  updatedFrom: string;
  updatedTo: string;
}

export const FILTER_KEYS: (keyof ContractFilter)[] = [
  'direction',
  'documentNumber',
  'name',
  'counterpartyName',
  'counterpartySide',
  'status',
  'updatedFrom',
  'updatedTo',
];

const STATUSES = [
  'DRAFT',
  'SENDER_APPROVAL',
  'SENDER_SIGNATURE',
  'AWAITING_RECEIPT',
  'RECEIVER_APPROVAL',
  'RECEIVER_SIGNATURE',
  'CONCLUDED',
  'RETURNED',
  'DECLINED',
  'WITHDRAWN',
] as const;

/**
 * The conditions of マイリスト, 送信済み and 受信: 送信/受信 (マイリスト only), 文書管理番号 (exactly 10 digits, else
 * the rule is shown and nothing sent), 契約文書名称, 取引先企業名,
 * 取引先受発注区分, ステータス and the 更新日 range (upside down: said, not sent).
 */
export function ContractFilters({
  initial,
  onSearch,
  withDirection = false,
}: {
  initial: ContractFilter;
  onSearch: (filter: ContractFilter) => void;
  withDirection?: boolean;
}) {
  const { t } = useTranslation('contracts');
  const [filter, setFilter] = useState<ContractFilter>(initial);
  const [numberError, setNumberError] = useState<string | null>(null);
  const set = (key: keyof ContractFilter) => (event: { target: { value: string } }) => setFilter({ ...filter, [key]: event.target.value });
  const updated = { from: filter.updatedFrom, to: filter.updatedTo };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const documentNumber = filter.documentNumber.trim();
    if (documentNumber !== '' && !isDocumentNumber(documentNumber)) {
      setNumberError(t('common:documentNumber.invalid'));
      return;
    }
    setNumberError(null);
    if (isUpsideDown(updated, 'date')) {
      return;
    }
    onSearch({ ...filter, documentNumber });
  };
  return (
    <form className="form conditions" onSubmit={submit} aria-label={t('list.conditions')} noValidate>
      <Field label={t('fields.documentNumber')} error={numberError}>
        <input inputMode="numeric" placeholder="0000000283" maxLength={10} value={filter.documentNumber} onChange={set('documentNumber')} />
      </Field>
      <Field label={t('fields.name')}>
        <input value={filter.name} maxLength={200} onChange={set('name')} />
      </Field>
      <Field label={t('fields.counterpartyName')}>
        <input value={filter.counterpartyName} maxLength={200} onChange={set('counterpartyName')} />
      </Field>
      <Field label={t('fields.counterpartySide')}>
        <select value={filter.counterpartySide} onChange={set('counterpartySide')}>
          <option value="">{t('list.any')}</option>
          <option value="ORDERER">{t('common:side.ORDERER')}</option>
          <option value="CONTRACTOR">{t('common:side.CONTRACTOR')}</option>
        </select>
      </Field>
      {withDirection && (
        <Field label={t('list.direction')}>
          <select value={filter.direction} onChange={set('direction')}>
            <option value="">{t('list.any')}</option>
            <option value="SENT">{t('list.sent')}</option>
            <option value="RECEIVED">{t('list.received')}</option>
          </select>
        </Field>
      )}
      <Field label={t('fields.status')}>
        <select value={filter.status} onChange={set('status')}>
          <option value="">{t('list.any')}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`common:status.${status}`)}
            </option>
          ))}
        </select>
      </Field>
      <RangeInputs
        legend={t('fields.updatedAt')}
        name="updated"
        kind="date"
        value={updated}
        onChange={(range) => setFilter({ ...filter, updatedFrom: range.from, updatedTo: range.to })}
      />
      <div className="form-actions">
        <button type="submit">{t('common:search')}</button>
      </div>
    </form>
  );
}
