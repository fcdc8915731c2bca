import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isDocumentNumber } from '../ui/format';
import { Field } from '../ui/field';
import { isUpsideDown, RangeInputs } from '../ui/range-inputs';
import { BulkSignSearch } from './bulk-sign-types';

export const NO_CONDITIONS: BulkSignSearch = {
  documentNumber: '',
  name: '',
  counterpartyName: '',
  counterpartySide: '',
  updatedFrom: '',
  updatedTo: '',
};

/**
 * The search conditions of 契約文書一括署名（受取）選択, all optional.
 * 文書管理番号 must be exactly 10 digits ("5" is refused here with the rule,
 * not sent); an upside-down 更新日 range is refused likewise.
 */
export function SearchForm({
  initial,
  disabled,
  onSearch,
}: {
  initial?: BulkSignSearch;
  disabled: boolean;
  onSearch: (conditions: BulkSignSearch) => void;
}) {
  const { t } = useTranslation('bulk-sign');
  const [conditions, setConditions] = useState<BulkSignSearch>(initial ?? NO_CONDITIONS);
  const [numberError, setNumberError] = useState<string | null>(null);
  const set = (field: keyof BulkSignSearch) => (event: { target: { value: string } }) =>
    setConditions((current) => ({ ...current, [field]: event.target.value }));
  const updated = { from: conditions.updatedFrom, to: conditions.updatedTo };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const documentNumber = conditions.documentNumber.trim();
    if (documentNumber !== '' && !isDocumentNumber(documentNumber)) {
      setNumberError(t('common:documentNumber.invalid'));
      return;
    }
    setNumberError(null);
    if (isUpsideDown(updated, 'date')) {
      return;
    }
    onSearch({ ...conditions, documentNumber });
  };

  return (
    <form className="form conditions" onSubmit={submit} aria-label={t('conditions')} noValidate>
      <Field label={t('columns.documentNumber')} error={numberError}>
        <input
          name="documentNumber"
          inputMode="numeric"
          placeholder="0000000283"
          maxLength={10}
          value={conditions.documentNumber}
          onChange={set('documentNumber')}
        />
      </Field>
      <Field label={t('columns.name')}>
        <input name="name" value={conditions.name} onChange={set('name')} />
      </Field>
      <Field label={t('columns.counterpartyName')}>
        <input name="counterpartyName" value={conditions.counterpartyName} onChange={set('counterpartyName')} />
      </Field>
      <Field label={t('columns.counterpartySide')}>
        <select name="counterpartySide" value={conditions.counterpartySide} onChange={set('counterpartySide')}>
          <option value="">{t('anySide')}</option>
          <option value="ORDERER">{t('common:side.ORDERER')}</option>
          <option value="CONTRACTOR">{t('common:side.CONTRACTOR')}</option>
        </select>
      </Field>
      <RangeInputs
        legend={t('updated')}
        name="updated"
        kind="date"
        value={updated}
        onChange={(range) => setConditions((current) => ({ ...current, updatedFrom: range.from, updatedTo: range.to }))}
      />
      <div className="form-actions">
        <button type="submit" disabled={disabled}>
          {t('common:search')}
        </button>
      </div>
    </form>
  );
}
