import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export interface Range {
  from: string;
  to: string;
}

/** Whether a range is given the wrong way round (both ends set, `from` after `to`). Dates compare as `YYYY-MM-DD`. */
export function isUpsideDown(range: Range, kind: 'date' | 'amount'): boolean {
  if (range.from === '' || range.to === '') {
    return false;
  }
  return kind === 'date' ? range.from > range.to : Number(range.from) > Number(range.to);
}

/**
 * A 「から～まで」 pair (dates or yen amounts) under one legend. When both
 * ends are set the wrong way round it says so under the inputs; the form
 * checks `isUpsideDown` before sending.
 */
export function RangeInputs({
  legend,
  name,
  kind,
  value,
  onChange,
}: {
  legend: string;
  /** The inputs are `${name}From` and `${name}To`. */
  name: string;
  kind: 'date' | 'amount';
  value: Range;
  onChange: (value: Range) => void;
}) {
  const { t } = useTranslation();
  const errorId = useId();
  const upsideDown = isUpsideDown(value, kind);
  const common = kind === 'date' ? { type: 'date' } : { type: 'number', inputMode: 'numeric' as const, min: 0, step: 1 };
  return (
    <fieldset className="range" aria-describedby={upsideDown ? errorId : undefined}>
      <legend>{legend}</legend>
      <input
        {...common}
        name={`${name}From`}
        aria-label={t('range.from', { field: legend })}
        aria-invalid={upsideDown || undefined}
        value={value.from}
        onChange={(event) => onChange({ ...value, from: event.target.value })}
      />
      <span aria-hidden="true">{t('range.separator')}</span>
      <input
        {...common}
        name={`${name}To`}
        aria-label={t('range.to', { field: legend })}
        aria-invalid={upsideDown || undefined}
        value={value.to}
        onChange={(event) => onChange({ ...value, to: event.target.value })}
      />
      {upsideDown && (
        <p id={errorId} className="field-error" role="alert" data-error-code="RANGE_UPSIDE_DOWN">
          {t('range.upsideDown', { field: legend })}
        </p>
      )}
    </fieldset>
  );
}
