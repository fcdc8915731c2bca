import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../api/api-types';
import { Field } from '../ui/field';

export const ROLES = ['registrant', 'recipient', 'approver', 'signer'] as const;
type Role = (typeof ROLES)[number];

export interface UserFormValues {
  name: string;
  email: string;
  department: string;
  language: 'ja' | 'en';
  roles: Role[];
  bulkSign: boolean;
}

export function valuesOf(user?: UserView): UserFormValues {
  return {
    name: user?.name ?? '',
    email: user?.email ?? '',
    department: user?.department ?? '',
    language: user?.language ?? 'ja',
    roles: user?.roles ?? [],
    bulkSign: user?.bulkSign ?? false,
  };
}

/**
 * 氏名, メールアドレス, 部署, 言語, 役割 and 一括署名 of a user, for 利用者登録
 * and for changing a user. The 管理用ID holds no roles: `administrator` hides them.
 */
export function UserForm({
  initial,
  submitLabel,
  pending,
  administrator = false,
  onSubmit,
}: {
  initial: UserFormValues;
  submitLabel: string;
  pending: boolean;
  administrator?: boolean;
  onSubmit: (values: UserFormValues) => void;
}) {
  const { t } = useTranslation('users');
  const [values, setValues] = useState(initial);
  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => setValues((current) => ({ ...current, [key]: value }));
  const toggleRole = (role: Role, on: boolean) =>
    set('roles', on ? ROLES.filter((r) => r === role || values.roles.includes(r)) : values.roles.filter((r) => r !== role));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(values);
  };
  return (
    <form className="form" method="post" onSubmit={submit} aria-label={submitLabel}>
      <Field label={`${t('form.name')} ${t('common:required')}`}>
        <input name="name" value={values.name} onChange={(event) => set('name', event.target.value)} required maxLength={100} />
      </Field>
      <Field label={`${t('form.email')} ${t('common:required')}`}>
        <input name="email" type="email" value={values.email} onChange={(event) => set('email', event.target.value)} required />
      </Field>
      <Field label={t('form.department')}>
        <input name="department" value={values.department} onChange={(event) => set('department', event.target.value)} maxLength={100} />
      </Field>
      <Field label={t('form.language')}>
        <select name="language" value={values.language} onChange={(event) => set('language', event.target.value === 'en' ? 'en' : 'ja')}>
          <option value="ja">日本語</option>
          <option value="en">English</option>
        </select>
      </Field>
      {!administrator && (
        <>
          <fieldset className="choices plain-fieldset">
            <legend>{t('form.roles')}</legend>
            {ROLES.map((role) => (
              <label key={role} className="check">
                <input
                  type="checkbox"
                  name="roles"
                  value={role}
                  checked={values.roles.includes(role)}
                  onChange={(event) => toggleRole(role, event.target.checked)}
                />
                {t(`role.${role}`)}
              </label>
            ))}
          </fieldset>
          <label className="check">
            <input
              type="checkbox"
              name="bulkSign"
              checked={values.bulkSign}
              onChange={(event) => set('bulkSign', event.target.checked)}
              aria-describedby="bulk-sign-hint"
            />
            {t('form.bulkSign')}
          </label>
          <small id="bulk-sign-hint" className="muted">
            {t('form.bulkSignHint')}
          </small>
        </>
      )}
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
