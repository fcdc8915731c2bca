import { BULK_ITEM_STATES, BULK_SESSION_STATUSES, bulkSigningRequestId, BulkSessionView, TRADE_SIDES } from '@app/contracts';
import type { BulkItemWithContract, BulkSessionRow } from './bulk-sign.repository';

/** A session as the API shows it: counts, and each document as the receiver sees it (the sender is the counterparty). */
export function toSessionView(session: BulkSessionRow, items: BulkItemWithContract[]): BulkSessionView {
  return {
    sessionId: session.id,
    userId: session.userId,
    status: session.status,
    statusLabel: BULK_SESSION_STATUSES[session.status],
    signingRequestId: bulkSigningRequestId(session.id),
    total: session.total,
    done: session.done,
    failed: session.failed,
    pending: session.total - session.done - session.failed,
    createdAt: session.createdAt.toISOString(),
    executedAt: session.executedAt?.toISOString() ?? null,
    completedAt: session.completedAt?.toISOString() ?? null,
    items: items.map(({ item, contract }) => ({
      contractId: item.contractId,
      documentNumber: contract.documentNumber,
      name: contract.name,
      signatureMode: contract.signatureMode,
      counterpartyName: contract.senderCompanyName,
      counterpartySide: contract.senderSide,
      counterpartySideLabel: TRADE_SIDES[contract.senderSide],
      updatedAt: contract.updatedAt.toISOString(),
      state: item.state,
      stateLabel: BULK_ITEM_STATES[item.state],
      failure: item.failureCode ? { code: item.failureCode, ja: item.failureJa ?? '', en: item.failureEn ?? '' } : null,
      finishedAt: item.finishedAt?.toISOString() ?? null,
    })),
  };
}
