import { FormEvent, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MatterView } from '@app/contracts';
import { api } from '../api/api-client';
import { useSignedIn } from '../auth/session';
import { useAnnounce } from '../shell/announcer';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { EMPTY_ROUTE, RouteDraft, RouteEditor, routeProblem } from './route-editor';
import { useContractCommand } from './use-contract-command';

/** The company's 案件 to link at receipt, when it has 案件管理. */
function useMatters(enabled: boolean) {
  return useQuery({
    queryKey: ['matters', 'all'],
    queryFn: () => api<{ items: MatterView[] }>('GET', '/api/matters?pageSize=200'),
    enabled,
  });
}

/**
 * 受取確認 with 社内回覧先設定 (the recipient), or 回覧先の再設定 after 差戻し
 * (the owner of the returned side): the route of the own company, checked
 * here for its shape and by the API for roles and company. `initial`: the
 * route the form starts from (回覧先の再設定: the side's route before the
 * return, still editable).
 */
export function RouteAction({
  contractId,
  command,
  initial = EMPTY_ROUTE,
}: {
  contractId: string;
  command: 'receive' | 'reroute';
  initial?: RouteDraft;
}) {
  const { t } = useTranslation('contracts');
  const { company } = useSignedIn();
  const announce = useAnnounce();
  const mutation = useContractCommand(contractId);
  const withMatter = command === 'receive' && (company?.options.includes('MATTER') ?? false);
  const matters = useMatters(withMatter);
  const [route, setRoute] = useState<RouteDraft>(initial);
  const [matterId, setMatterId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = routeProblem(route);
    setProblem(checked.problem ?? null);
    if (checked.route) {
      setConfirming(true);
    }
  };
  const run = () => {
    setConfirming(false);
    const checked = routeProblem(route);
    if (!checked.route) {
      return;
    }
    mutation.mutate(
      { command, body: { route: checked.route, ...(matterId ? { matterId } : {}) } },
      { onSuccess: () => announce(t(`actions.${command}.done`)) },
    );
  };
  return (
    <form className="form action-form" onSubmit={submit} aria-labelledby={`action-${command}`} noValidate>
      <h3 id={`action-${command}`}>{t(`actions.${command}.title`)}</h3>
      <p className="muted">{t(`actions.${command}.lead`)}</p>
      <ErrorMessage error={mutation.error} />
      <RouteEditor legend={t('route.legend')} value={route} onChange={setRoute} problem={problem} />
      {withMatter && (
        <Field label={t('actions.matter')}>
          <select value={matterId} onChange={(event) => setMatterId(event.target.value)}>
            <option value="">{t('actions.noMatter')}</option>
            {(matters.data?.items ?? []).map((matter) => (
              <option key={matter.matterId} value={matter.matterId}>
                {matter.code ? `${matter.code} ${matter.name}` : matter.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" disabled={mutation.isPending}>
          {t(`actions.${command}.button`)}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t(`actions.${command}.confirmTitle`)}
        confirmLabel={t(`actions.${command}.button`)}
        onConfirm={run}
        onCancel={() => setConfirming(false)}
      >
        <p>{t(`actions.${command}.confirm`)}</p>
      </ConfirmDialog>
    </form>
  );
}
