import { useTranslation } from 'react-i18next';
import { Field } from '../ui/field';

/** A side's route as the form holds it: 利用者ID of the approvers in order, then the signer's. */
export interface RouteDraft {
  approvers: string[];
  signer: string;
}

export const EMPTY_ROUTE: RouteDraft = { approvers: [], signer: '' };

const USER_ID = /^U\d{6}$/;

/** The route as the API takes it (blank approver rows dropped), or the sentence saying what is wrong. */
export function routeProblem(route: RouteDraft): { route?: { approvers: string[]; signer: string }; problem?: string } {
  const approvers = route.approvers.map((id) => id.trim().toUpperCase()).filter(Boolean);
  const signer = route.signer.trim().toUpperCase();
  if (!USER_ID.test(signer)) {
    return { problem: 'contracts:route.signerInvalid' };
  }
  if (approvers.some((id) => !USER_ID.test(id))) {
    return { problem: 'contracts:route.approverInvalid' };
  }
  if (new Set(approvers).size !== approvers.length) {
    return { problem: 'contracts:route.approverTwice' };
  }
  return { route: { approvers, signer } };
}

/**
 * 社内回覧先設定: the approvers in order (add, move up or down, remove) and
 * the signer, each by 利用者ID of the own company. The API checks that each
 * holds the role and belongs to the company, and says which one does not.
 */
export function RouteEditor({
  legend,
  value,
  onChange,
  problem,
}: {
  legend: string;
  value: RouteDraft;
  onChange: (route: RouteDraft) => void;
  problem?: string | null;
}) {
  const { t } = useTranslation('contracts');
  const setApprover = (index: number, id: string) =>
    onChange({ ...value, approvers: value.approvers.map((current, at) => (at === index ? id : current)) });
  const move = (index: number, by: number) => {
    const approvers = [...value.approvers];
    const [moved] = approvers.splice(index, 1);
    approvers.splice(index + by, 0, moved);
    onChange({ ...value, approvers });
  };
  const remove = (index: number) => onChange({ ...value, approvers: value.approvers.filter((_, at) => at !== index) });
  return (
    <fieldset className="route-editor">
      <legend>{legend}</legend>
      <p className="muted">{t('route.hint')}</p>
      <ol className="route-approvers">
        {value.approvers.map((id, index) => (
          <li key={index}>
            <Field label={t('route.approver', { number: index + 1 })}>
              <input
                value={id}
                placeholder="U000000"
                maxLength={7}
                autoComplete="off"
                onChange={(event) => setApprover(index, event.target.value)}
              />
            </Field>
            <div className="route-buttons">
              <button type="button" className="secondary" disabled={index === 0} onClick={() => move(index, -1)}>
                {t('route.up', { number: index + 1 })}
              </button>
              <button type="button" className="secondary" disabled={index === value.approvers.length - 1} onClick={() => move(index, 1)}>
                {t('route.down', { number: index + 1 })}
              </button>
              <button type="button" className="secondary" onClick={() => remove(index)}>
                {t('route.remove', { number: index + 1 })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="secondary"
        disabled={value.approvers.length >= 10}
        onClick={() => onChange({ ...value, approvers: [...value.approvers, ''] })}
      >
        {t('route.addApprover')}
      </button>
      <Field label={t('route.signer')} error={problem === 'contracts:route.signerInvalid' ? t(problem) : null}>
        <input
          value={value.signer}
          placeholder="U000000"
          maxLength={7}
          autoComplete="off"
          required
          onChange={(event) => onChange({ ...value, signer: event.target.value })}
        />
      </Field>
      {problem && problem !== 'contracts:route.signerInvalid' && (
        <p className="field-error" role="alert">
          {t(problem)}
        </p>
      )}
    </fieldset>
  );
}
