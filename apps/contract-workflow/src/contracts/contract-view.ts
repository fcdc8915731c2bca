import { CONTRACT_STATUSES, ContractStatus, ContractView, TRADE_SIDES } from '@app/contracts';
import { ContractRow, RouteStepRow } from './contracts.repository';

type TradeSide = keyof typeof TRADE_SIDES;
const opposite = (side: TradeSide): TradeSide => (side === 'ORDERER' ? 'CONTRACTOR' : 'ORDERER');

/** What the viewer's company sees: the other company as 取引先, with its side. */
export function toContractView(row: ContractRow, steps: RouteStepRow[], viewerCompanyId: string): ContractView {
  const receiverSide = opposite(row.senderSide);
  const weSent = row.senderCompanyId === viewerCompanyId;
  const counterparty: { companyId: string; companyName: string; side: TradeSide } = weSent
    ? { companyId: row.receiverCompanyId, companyName: row.receiverCompanyName, side: receiverSide }
    : { companyId: row.senderCompanyId, companyName: row.senderCompanyName, side: row.senderSide };
  const status = row.status as ContractStatus;
  return {
    contractId: row.id,
    documentNumber: row.documentNumber,
    name: row.name,
    signatureMode: row.signatureMode,
    status,
    statusLabel: CONTRACT_STATUSES[status],
    sender: {
      companyId: row.senderCompanyId,
      companyName: row.senderCompanyName,
      side: row.senderSide,
      registrantUserId: row.registrantUserId,
    },
    receiver: {
      companyId: row.receiverCompanyId,
      companyName: row.receiverCompanyName,
      side: receiverSide,
      recipientUserId: row.recipientUserId,
    },
    counterparty: { ...counterparty, sideLabel: TRADE_SIDES[counterparty.side] },
    transactionDate: row.transactionDate,
    amount: row.amount,
    uploadSha256: row.uploadSha256 ?? null,
    originalSha256: row.originalSha256,
    currentSha256: row.currentSha256,
    currentActorUserId: row.currentActorUserId,
    matterId: (weSent ? row.senderMatterId : row.receiverMatterId) ?? null,
    signingRequestId:
      status === 'SENDER_SIGNATURE' || status === 'RECEIVER_SIGNATURE' ? signingRequestId(row.id, row.currentSide ?? 'SENDER') : null,
    route: steps
      .filter((step) => step.contractId === row.id)
      .map((step) => ({
        side: step.side,
        position: step.position,
        role: step.role,
        userId: step.userId,
        actedAt: step.actedAt?.toISOString() ?? null,
        action: step.action,
      })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    concludedAt: row.concludedAt?.toISOString() ?? null,
  };
}

/** What a side's signing password is bound to: one contract, one side. */
export function signingRequestId(contractId: string, side: 'SENDER' | 'RECEIVER'): string {
  return `c-${contractId}-${side.toLowerCase()}`;
}
