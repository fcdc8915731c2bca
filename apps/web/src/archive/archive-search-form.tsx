import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../ui/field';
import { RangeInputs } from '../ui/range-inputs';
import { ArchiveConditions, NO_ARCHIVE_CONDITIONS, problemsOf } from './archive-search';

/**
 * 長期保管文書's conditions (電子帳簿保存法): 取引年月日 and 取引金額 as
 * ranges, 取引先, 文書管理番号 and 契約文書名称, any of them combined. A range
 * upside down, a 文書管理番号 that is not 10 digits or an amount that is not
 * a whole number of yen is said under its field and not sent.
 */
export function ArchiveSearchForm({
  initial,
  disabled,
  onSearch,
}: {
  initial: ArchiveConditions;
  disabled: boolean;
  onSearch: (conditions: ArchiveConditions) => void;
}) {
  const { t } = useTranslation('archive');
  const [conditions, setConditions] = useState<ArchiveConditions>(initial);
  const [checked, setChecked] = useState(false);
  // The URL may change under the form (戻る, 条件をクリア, a link): the form follows it, keeping the focus where it is.
  const initialKey = JSON.stringify(initial);
  useEffect(() => {
    setConditions(JSON.parse(initialKey) as ArchiveConditions);
  }, [initialKey]);
  const problems = problemsOf(conditions);
  const set = (field: keyof ArchiveConditions) => (event: { target: { value: string } }) =>
    setConditions((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (problems.documentNumber || problems.amount || problems.upsideDown) {
      return;
    }
    onSearch(conditions);
  };
  const clear = () => {
    setChecked(false);
    setConditions(NO_ARCHIVE_CONDITIONS);
    onSearch(NO_ARCHIVE_CONDITIONS);
  };

  return (
    <form className="form conditions" onSubmit={submit} aria-label={t('search.label')} noValidate>
      <RangeInputs
        legend={t('fields.transactionDate')}
        name="transactionDate"
        kind="date"
        value={{ from: conditions.transactionDateFrom, to: conditions.transactionDateTo }}
        onChange={(range) => setConditions((current) => ({ ...current, transactionDateFrom: range.from, transactionDateTo: range.to }))}
      />
      <RangeInputs
        legend={t('fields.amount')}
        name="amount"
        kind="amount"
        value={{ from: conditions.amountMin, to: conditions.amountMax }}
        onChange={(range) => setConditions((current) => ({ ...current, amountMin: range.from, amountMax: range.to }))}
      />
      {checked && problems.amount && (
        <p className="field-error wide" role="alert" data-error-code="AMOUNT_INVALID">
          {t(problems.amount)}
        </p>
      )}
      <Field label={t('fields.counterpartyName')}>
        <input name="counterpartyName" value={conditions.counterpartyName} onChange={set('counterpartyName')} />
      </Field>
      <Field label={t('fields.documentNumber')} error={checked && problems.documentNumber ? t(problems.documentNumber) : null}>
        <input
          name="documentNumber"
          inputMode="numeric"
          placeholder="0000000283"
          maxLength={10}
          value={conditions.documentNumber}
          onChange={set('documentNumber')}
        />
      </Field>
      <Field label={t('fields.name')}>
        <input name="name" value={conditions.name} onChange={set('name')} />
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={disabled}>
          {t('common:search')}
        </button>
        <button type="button" className="secondary" onClick={clear}>
          {t('search.clear')}
        </button>
      </div>
    </form>
  );
}
