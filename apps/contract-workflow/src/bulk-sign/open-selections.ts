import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { Executor } from '@app/db';
import { CONFIG } from '@app/messaging';
import { bulkItems, bulkSessions } from './bulk-sign.schema';
import type { BulkSessionRow } from './bulk-sign.repository';

/**
 * A bulk user's 対象選択 not yet signed (status SELECTED). A user has at most
 * one: choosing the same documents again (after 戻る) answers the open one,
 * whose signing password was mailed already, instead of mailing another; any
 * other choice closes the open ones, so only one signing password of the
 * user's selections can ever start a signing.
 */
@Injectable()
export class OpenSelections {
  private readonly passwordLifetimeMs: number;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.passwordLifetimeMs = config.SIGNING_PASSWORD_TTL_HOURS * 3_600_000;
  }

  /**
   * Inside 対象選択's transaction: the open selection of exactly `contractIds`
   * whose signing password is still within its lifetime, to answer again;
   * every other open selection of the user is closed.
   */
  async reuseOrClose(tx: Executor, userId: string, companyId: string, contractIds: string[]): Promise<BulkSessionRow | undefined> {
    const open = await tx
      .select()
      .from(bulkSessions)
      .where(and(eq(bulkSessions.userId, userId), eq(bulkSessions.companyId, companyId), eq(bulkSessions.status, 'SELECTED')))
      .for('update');
    if (open.length === 0) {
      return undefined;
    }
    const wanted = [...new Set(contractIds)].sort().join(',');
    const items = await tx
      .select({ sessionId: bulkItems.sessionId, contractId: bulkItems.contractId })
      .from(bulkItems)
      .where(
        inArray(
          bulkItems.sessionId,
          open.map((session) => session.id),
        ),
      );
    const fresh = Date.now() - this.passwordLifetimeMs;
    const same = open.find(
      (session) =>
        session.createdAt.getTime() > fresh &&
        items
          .filter((item) => item.sessionId === session.id)
          .map((item) => item.contractId)
          .sort()
          .join(',') === wanted,
    );
    await this.close(
      tx,
      open.filter((session) => session !== same).map((session) => session.id),
    );
    return same;
  }

  /** Closes selections that never started (their signing password can start nothing any more). */
  async close(tx: Executor, sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) {
      return;
    }
    const closable = await tx
      .select({ id: bulkSessions.id })
      .from(bulkSessions)
      .where(and(inArray(bulkSessions.id, sessionIds), eq(bulkSessions.status, 'SELECTED')));
    const ids = closable.map((row) => row.id);
    if (ids.length === 0) {
      return;
    }
    await tx.delete(bulkItems).where(inArray(bulkItems.sessionId, ids));
    await tx.delete(bulkSessions).where(and(inArray(bulkSessions.id, ids), eq(bulkSessions.status, 'SELECTED')));
  }
}
