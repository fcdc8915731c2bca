import { useTranslation } from 'react-i18next';
import type { CompanyView } from '../api/api-types';

export const PLANS = ['ONE_SIDE', 'PARTNER_ONLY', 'BOTH'] as const;
export const OPTIONS = ['BULK_SIGN', 'MATTER', 'LONG_TERM_EXTENSION'] as const;
export type Plan = CompanyView['plan'];
export type Option = CompanyView['options'][number];

/** プラン (one of three) and オプション (any), as the operator sets them; the API enforces the rules between them. */
export function PlanAndOptions({
  plan,
  options,
  onChange,
}: {
  plan: Plan;
  options: Option[];
  onChange: (value: { plan: Plan; options: Option[] }) => void;
}) {
  const { t } = useTranslation('operator');
  return (
    <>
      <fieldset className="choices plain-fieldset">
        <legend>{t('create.plan')}</legend>
        {PLANS.map((value) => (
          <label key={value} className="check">
            <input type="radio" name="plan" value={value} checked={plan === value} onChange={() => onChange({ plan: value, options })} />
            {t(`plan.${value}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="choices plain-fieldset">
        <legend>{t('create.options')}</legend>
        {OPTIONS.map((value) => (
          <label key={value} className="check">
            <input
              type="checkbox"
              name="options"
              value={value}
              checked={options.includes(value)}
              onChange={(event) =>
                onChange({
                  plan,
                  options: event.target.checked
                    ? OPTIONS.filter((o) => o === value || options.includes(o))
                    : options.filter((o) => o !== value),
                })
              }
            />
            {t(`option.${value}`)}
          </label>
        ))}
      </fieldset>
    </>
  );
}

export function optionsText(options: Option[], t: (key: string) => string): string {
  return options.length === 0 ? t('none') : options.map((option) => t(`option.${option}`)).join('、');
}
