import { FormEvent, useState } from 'react';
import { BulkSignSearch } from './bulk-sign-types';

export const NO_CONDITIONS: BulkSignSearch = {
  documentNumber: '',
  name: '',
  counterpartyName: '',
  counterpartySide: '',
  updatedFrom: '',
  updatedTo: '',
};

/** 文書管理番号 is 10 digits, zero padded: "283" means 0000000283. Anything else goes to the API as typed. */
function padded(documentNumber: string): string {
  const trimmed = documentNumber.trim();
  return /^\d{1,10}$/.test(trimmed) ? trimmed.padStart(10, '0') : trimmed;
}

/** The search conditions of 契約文書一括署名（受取）選択, all optional. */
export function SearchForm({
  initial,
  disabled,
  onSearch,
}: {
  initial?: BulkSignSearch;
  disabled: boolean;
  onSearch: (conditions: BulkSignSearch) => void;
}) {
  const [conditions, setConditions] = useState<BulkSignSearch>(initial ?? NO_CONDITIONS);
  const set = (field: keyof BulkSignSearch) => (event: { target: { value: string } }) =>
    setConditions((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({ ...conditions, documentNumber: padded(conditions.documentNumber) });
  };

  return (
    <form className="form conditions" onSubmit={submit} aria-label="検索条件">
      <label>
        文書管理番号
        <input
          name="documentNumber"
          inputMode="numeric"
          placeholder="0000000283"
          value={conditions.documentNumber}
          onChange={set('documentNumber')}
        />
      </label>
      <label>
        契約文書名称
        <input name="name" value={conditions.name} onChange={set('name')} />
      </label>
      <label>
        取引先企業名
        <input name="counterpartyName" value={conditions.counterpartyName} onChange={set('counterpartyName')} />
      </label>
      <label>
        取引先受発注区分
        <select name="counterpartySide" value={conditions.counterpartySide} onChange={set('counterpartySide')}>
          <option value="">指定なし</option>
          <option value="ORDERER">発注側</option>
          <option value="CONTRACTOR">受注側</option>
        </select>
      </label>
      <fieldset className="date-range">
        <legend>更新日</legend>
        <input name="updatedFrom" type="date" aria-label="更新日（から）" value={conditions.updatedFrom} onChange={set('updatedFrom')} />
        <span>～</span>
        <input name="updatedTo" type="date" aria-label="更新日（まで）" value={conditions.updatedTo} onChange={set('updatedTo')} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={disabled}>
          検索
        </button>
      </div>
    </form>
  );
}
