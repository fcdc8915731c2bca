import { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractView } from '../api/api-types';
import { useSignedIn } from '../auth/session';
import { CommentAction } from './comment-action';
import { RouteAction } from './route-action';
import type { RouteDraft } from './route-editor';
import { SignAction } from './sign-action';

const FINAL = new Set(['CONCLUDED', 'DECLINED', 'WITHDRAWN']);

/** A side's current route in the contract (approvers by position, then the signer): where 回覧先の再設定 starts. */
export function routeOf(contract: ContractView, side: 'SENDER' | 'RECEIVER'): RouteDraft {
  const steps = contract.route.filter((step) => step.side === side).sort((a, b) => a.position - b.position);
  return {
    approvers: steps.filter((step) => step.role === 'APPROVER').map((step) => step.userId),
    signer: steps.find((step) => step.role === 'SIGNER')?.userId ?? '',
  };
}

/**
 * ■ 操作: what the viewer may do now, by the status and the viewer's part
 * in it — the same rules the API applies (contract-transitions.ts), so the
 * screen offers only what will be accepted; the API still decides.
 */
export function ContractActions({ contract }: { contract: ContractView }) {
  const { t } = useTranslation('contracts');
  const { session } = useSignedIn();
  const me = session.subjectId;
  const mine = contract.currentActorUserId === me;
  const onSenderSide = contract.sender.companyId === session.companyId;
  const registrant = onSenderSide && contract.sender.registrantUserId === me;
  const recipient = !onSenderSide && contract.receiver.recipientUserId === me;
  const id = contract.contractId;
  const parts: ReactElement[] = [];
  switch (contract.status) {
    case 'DRAFT':
      if (registrant) {
        parts.push(<CommentAction key="submit" contractId={id} command="submit" withComment={false} />);
      }
      break;
    case 'SENDER_APPROVAL':
    case 'RECEIVER_APPROVAL':
      if (mine) {
        parts.push(<CommentAction key="approve" contractId={id} command="approve" />);
        parts.push(<CommentAction key="return" contractId={id} command="return" danger />);
      }
      break;
    case 'SENDER_SIGNATURE':
    case 'RECEIVER_SIGNATURE':
      if (mine) {
        parts.push(<SignAction key="sign" contractId={id} />);
        parts.push(<CommentAction key="return" contractId={id} command="return" danger />);
      }
      break;
    case 'AWAITING_RECEIPT':
      if (recipient) {
        parts.push(<RouteAction key="receive" contractId={id} command="receive" />);
        parts.push(<CommentAction key="decline" contractId={id} command="decline" danger />);
      }
      break;
    case 'RETURNED':
      if (mine) {
        parts.push(
          <RouteAction key="reroute" contractId={id} command="reroute" initial={routeOf(contract, onSenderSide ? 'SENDER' : 'RECEIVER')} />,
        );
        if (recipient) {
          parts.push(<CommentAction key="decline" contractId={id} command="decline" danger />);
        }
      }
      break;
    case 'CONCLUDED':
    case 'DECLINED':
    case 'WITHDRAWN':
      break;
  }
  if (registrant && !FINAL.has(contract.status)) {
    parts.push(<CommentAction key="withdraw" contractId={id} command="withdraw" danger />);
  }
  return (
    <section aria-labelledby="contract-actions-heading" data-testid="contract-actions">
      <h2 id="contract-actions-heading">{t('actions.heading')}</h2>
      {parts.length > 0 ? parts : <p className="muted">{t('actions.none')}</p>}
    </section>
  );
}
