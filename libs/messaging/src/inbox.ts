import { AppError } from '@app/contracts';
import { Database, insertRows, Transaction } from '@app/db';
import { currentContext } from './message-context';
import { InboxTable } from './outbox.table';

export type InboxOutcome<T> = { handled: true; result: T } | { handled: false };

/**
 * Runs an event handler's work at most once per message ID: the inbox row and
 * the handler's changes commit together, and a redelivered message (after a
 * crash before the ack, or a relay that published twice) finds the row and
 * does nothing.
 */
export async function handleOnce<T>(db: Database, inbox: InboxTable, work: (tx: Transaction) => Promise<T>): Promise<InboxOutcome<T>> {
  const context = currentContext();
  if (!context?.messageId || !context.pattern) {
    // Not retryable: without an ID the message can never be deduplicated.
    throw AppError.of('VALIDATION_FAILED', [{ path: 'messageId', message: 'events must carry a message ID' }]);
  }
  const { messageId, pattern } = context;
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(inbox)
      .values({ messageId, event: pattern })
      .onConflictDoNothing()
      .returning({ messageId: inbox.messageId });
    if (inserted.length === 0) {
      context.metrics?.inboxDuplicates.inc({ event: pattern });
      return { handled: false } as const;
    }
    return { handled: true, result: await work(tx) } as const;
  });
}

/**
 * The batch form of `handleOnce`, inside the caller's transaction: records
 * these messages in the inbox and returns the IDs that were new. The ones not
 * returned were handled before and must be left alone.
 */
export async function claimMessages(
  tx: Transaction,
  inbox: InboxTable,
  messages: readonly { messageId: string; event: string }[],
): Promise<Set<string>> {
  if (messages.length === 0) {
    return new Set();
  }
  const inserted = await insertRows(
    tx,
    inbox,
    messages.map(({ messageId, event }) => ({ messageId, event })),
    { onConflictDoNothing: true, returning: { messageId: inbox.messageId } },
  );
  const claimed = new Set(inserted.map((row) => row.messageId));
  const metrics = currentContext()?.metrics;
  for (const { messageId, event } of messages) {
    if (!claimed.has(messageId)) {
      metrics?.inboxDuplicates.inc({ event });
    }
  }
  return claimed;
}
