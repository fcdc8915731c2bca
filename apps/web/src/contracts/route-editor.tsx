import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RouteCandidate } from '@app/contracts';
import { api } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

/** A side's route as the form holds it: 利用者ID of the approvers in order, then the signer's ('' for none chosen). */
export interface RouteDraft {
  approvers: string[];
  signer: string;
}

export const EMPTY_ROUTE: RouteDraft = { approvers: [], signer: '' };

const USER_ID = /^U\d{6}$/;
const MAX_APPROVERS = 10;

/** The route as the API takes it, or the sentence saying what is wrong. */
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

/** The own company's users a route may name (GET /api/users/route-candidates). */
export function useRouteCandidates() {
  return useQuery({
    queryKey: ['users', 'route-candidates'],
    queryFn: () => api<{ items: RouteCandidate[] }>('GET', '/api/users/route-candidates'),
  });
}

/** Where the focus goes after the list changed: a row's button, or (no row) the approver picker. Always a new object. */
type Focus = { userId?: string; button?: 'up' | 'down' | 'remove' } | null;

/**
 * 社内回覧先設定: the approvers picked in order (add, move up or down,
 * remove) and the signer picked, each from the own company's users holding
 * that role. A route given before (a template's) keeps its people even when
 * they are no longer candidates; the API then says which one cannot take the step.
 * `optional` (a template's route): no signer means no route, so the signer is not required.
 */
export function RouteEditor({
  legend,
  value,
  onChange,
  problem,
  optional = false,
}: {
  legend: string;
  value: RouteDraft;
  onChange: (route: RouteDraft) => void;
  /** A dictionary key (with its namespace); the signer's problems show under the signer. */
  problem?: string | null;
  optional?: boolean;
}) {
  const { t } = useTranslation('contracts');
  const announce = useAnnounce();
  const candidates = useRouteCandidates();
  const id = useId();
  const [picked, setPicked] = useState('');
  // After a move or a removal the list is drawn anew: the focus goes back to the same button (or the picker).
  const [focus, setFocus] = useState<Focus>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const pickerRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (focus && !focus.userId) {
      pickerRef.current?.focus();
    } else if (focus?.userId) {
      const row = listRef.current?.querySelector(`[data-user-id="${focus.userId}"]`);
      const button = row?.querySelector<HTMLButtonElement>(`[data-button="${focus.button}"]:not(:disabled)`);
      (button ?? row?.querySelector<HTMLButtonElement>('[data-button]:not(:disabled)'))?.focus();
    }
  }, [focus]);

  const people = candidates.data?.items ?? [];
  const byId = new Map(people.map((person) => [person.userId, person]));
  const nameOf = (userId: string) => {
    const person = byId.get(userId);
    if (person) {
      return t('route.person', { name: person.name, userId });
    }
    // Until the candidates arrive, a pre-filled person is shown by ID, not yet called unchoosable.
    return candidates.isSuccess ? t('route.notCandidate', { userId }) : userId;
  };
  const approverChoices = people.filter((person) => person.roles.includes('approver') && !value.approvers.includes(person.userId));
  const signerChoices = people.filter((person) => person.roles.includes('signer'));
  const full = value.approvers.length >= MAX_APPROVERS;
  const pickerHint = full
    ? t('route.maxApprovers', { max: MAX_APPROVERS })
    : approverChoices.length === 0 && candidates.isSuccess
      ? t('route.noApproverChoices')
      : undefined;
  const signerProblem = problem === 'contracts:route.signerInvalid' || problem === 'templates:form.signerRequired';
  const signerOutside = value.signer !== '' && !signerChoices.some((person) => person.userId === value.signer);

  const add = () => {
    if (!picked || full || value.approvers.includes(picked)) {
      return;
    }
    onChange({ ...value, approvers: [...value.approvers, picked] });
    announce(t('route.added', { number: value.approvers.length + 1, person: nameOf(picked) }));
    setPicked('');
    setFocus({});
  };
  const move = (index: number, by: number) => {
    const approvers = [...value.approvers];
    const [moved] = approvers.splice(index, 1);
    approvers.splice(index + by, 0, moved);
    onChange({ ...value, approvers });
    announce(t('route.moved', { number: index + by + 1, person: nameOf(moved) }));
    setFocus({ userId: moved, button: by < 0 ? 'up' : 'down' });
  };
  const remove = (index: number) => {
    const removed = value.approvers[index];
    onChange({ ...value, approvers: value.approvers.filter((_, at) => at !== index) });
    announce(t('route.removed', { person: nameOf(removed) }));
    setFocus({});
  };

  return (
    <fieldset className="route-editor">
      <legend>{legend}</legend>
      <p className="muted">{t('route.hint')}</p>
      <ErrorMessage error={candidates.error} />
      <p id={`${id}-approvers`} className="route-subheading">
        {t('route.approvers')}
      </p>
      {value.approvers.length === 0 ? (
        <p className="muted">{t('route.noApprovers')}</p>
      ) : (
        <ol className="route-approvers" aria-labelledby={`${id}-approvers`} ref={listRef} data-testid="route-approvers">
          {value.approvers.map((userId, index) => (
            <li key={userId} data-user-id={userId}>
              <span className="route-person">{t('route.approverRow', { number: index + 1, person: nameOf(userId) })}</span>
              <div className="route-buttons">
                <button type="button" className="secondary" data-button="up" disabled={index === 0} onClick={() => move(index, -1)}>
                  {t('route.up', { number: index + 1 })}
                </button>
                <button
                  type="button"
                  className="secondary"
                  data-button="down"
                  disabled={index === value.approvers.length - 1}
                  onClick={() => move(index, 1)}
                >
                  {t('route.down', { number: index + 1 })}
                </button>
                <button type="button" className="secondary" data-button="remove" onClick={() => remove(index)}>
                  {t('route.remove', { number: index + 1 })}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className="route-add">
        {/* Never disabled: the focus comes back here after each change, even when nothing is left to add. */}
        <Field label={t('route.pickApprover')} hint={pickerHint}>
          <select ref={pickerRef} className="fit-width" value={picked} onChange={(event) => setPicked(event.target.value)}>
            <option value="">{t('route.choose')}</option>
            {approverChoices.map((person) => (
              <option key={person.userId} value={person.userId}>
                {nameOf(person.userId)}
              </option>
            ))}
          </select>
        </Field>
        <button type="button" className="secondary" disabled={!picked || full} onClick={add}>
          {t('route.addApprover')}
        </button>
      </div>
      <Field
        label={t('route.signer')}
        error={problem && signerProblem ? t(problem) : null}
        hint={signerChoices.length === 0 && candidates.isSuccess ? t('route.noSignerChoices') : undefined}
      >
        <select
          className="fit-width"
          value={value.signer}
          required={!optional}
          onChange={(event) => onChange({ ...value, signer: event.target.value })}
        >
          <option value="">{t('route.choose')}</option>
          {signerOutside && <option value={value.signer}>{nameOf(value.signer)}</option>}
          {signerChoices.map((person) => (
            <option key={person.userId} value={person.userId}>
              {nameOf(person.userId)}
            </option>
          ))}
        </select>
      </Field>
      {problem && !signerProblem && (
        <p className="field-error" role="alert">
          {t(problem)}
        </p>
      )}
    </fieldset>
  );
}
