import { useTranslation } from 'react-i18next';
import type { ContractView } from '../api/api-types';
import { DataTable } from '../ui/data-table';
import { formatDateTime } from '../ui/format';

type Step = ContractView['route'][number];

/**
 * ■ 回覧経路: both companies' routes in order (発信側 first), each step with
 * who, the role, what was done and when; the step whose turn it is marked.
 */
export function ContractRoute({ contract }: { contract: ContractView }) {
  const { t, i18n } = useTranslation('contracts');
  const steps = [...contract.route].sort((a, b) => (a.side === b.side ? a.position - b.position : a.side === 'SENDER' ? -1 : 1));
  const actionLabel = (step: Step) => {
    if (!step.action) {
      const current = contract.currentActorUserId === step.userId && !step.actedAt && isCurrentSide(contract, step);
      return current ? t('route.current') : t('route.waiting');
    }
    const key = `contracts:route.actions.${step.action.toLowerCase()}`;
    return i18n.exists(key) ? t(key) : step.action;
  };
  return (
    <section aria-labelledby="contract-route-heading">
      <h2 id="contract-route-heading">{t('route.heading')}</h2>
      <p>
        {t('route.registrant', { userId: contract.sender.registrantUserId })} /{' '}
        {t('route.recipient', { userId: contract.receiver.recipientUserId })}
      </p>
      <DataTable<Step>
        label={t('route.table')}
        rows={steps}
        rowKey={(step) => `${step.side}-${step.position}`}
        columns={[
          { key: 'side', header: t('route.columns.side'), cell: (step) => t(`route.sides.${step.side}`) },
          { key: 'order', header: t('route.columns.order'), cell: (step) => step.position + 1 },
          { key: 'role', header: t('route.columns.role'), cell: (step) => t(`route.roles.${step.role}`) },
          { key: 'user', header: t('route.columns.user'), cell: (step) => step.userId },
          { key: 'action', header: t('route.columns.action'), cell: actionLabel },
          { key: 'at', header: t('route.columns.at'), cell: (step) => formatDateTime(step.actedAt) },
        ]}
      />
    </section>
  );
}

function isCurrentSide(contract: ContractView, step: Step): boolean {
  return contract.status.startsWith(step.side === 'SENDER' ? 'SENDER_' : 'RECEIVER_');
}
