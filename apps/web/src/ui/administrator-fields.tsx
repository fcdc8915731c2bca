import { useTranslation } from 'react-i18next';
import { Field } from './field';

/** The person a new company's 管理用ID is made for, as the API takes it (`administrator` of 企業登録 and 利用申請). */
export interface AdministratorDraft {
  name: string;
  email: string;
  department: string;
  language: 'ja' | 'en';
}

export const EMPTY_ADMINISTRATOR: AdministratorDraft = { name: '', email: '', department: '', language: 'ja' };

/**
 * ■ 管理用ID（管理者）: 氏名, メールアドレス, 部署 and 言語 of the person a new
 * company's 管理用ID is made for, in 企業登録 (operator) and 利用申請 (an
 * invited partner). `labels` are the screen's own words.
 */
export function AdministratorFields({
  value,
  onChange,
  labels,
}: {
  value: AdministratorDraft;
  onChange: (value: AdministratorDraft) => void;
  labels: { legend: string; name: string; email: string; department: string; language: string };
}) {
  const { t } = useTranslation();
  const set = (change: Partial<AdministratorDraft>) => onChange({ ...value, ...change });
  return (
    <fieldset className="plain-fieldset">
      <legend>{labels.legend}</legend>
      <Field label={`${labels.name} ${t('common:required')}`}>
        <input name="administratorName" value={value.name} onChange={(event) => set({ name: event.target.value })} required />
      </Field>
      <Field label={`${labels.email} ${t('common:required')}`}>
        <input
          name="administratorEmail"
          type="email"
          value={value.email}
          onChange={(event) => set({ email: event.target.value })}
          required
        />
      </Field>
      <Field label={labels.department}>
        <input name="administratorDepartment" value={value.department} onChange={(event) => set({ department: event.target.value })} />
      </Field>
      <Field label={labels.language}>
        <select
          name="administratorLanguage"
          value={value.language}
          onChange={(event) => set({ language: event.target.value === 'en' ? 'en' : 'ja' })}
        >
          <option value="ja">日本語</option>
          <option value="en">English</option>
        </select>
      </Field>
    </fieldset>
  );
}
