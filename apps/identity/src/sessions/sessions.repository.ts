import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor } from '@app/db';
import { DATABASE } from '@app/messaging';
import { sessions } from '../database/identity.schema';

export type SessionRow = typeof sessions.$inferSelect;
export type SessionEndReason = 'logout' | 'password-changed' | 'password-reset' | 'disabled' | 'idle' | 'expired';

@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(
    tx: Executor,
    values: Pick<SessionRow, 'tokenHash' | 'subjectId' | 'companyId' | 'expiresAt' | 'ip' | 'userAgent'>,
  ): Promise<void> {
    await tx.insert(sessions).values(values);
  }

  /**
   * The open session for a token, touched in the same statement: a session
   * idle longer than `idleMinutes` or past its absolute expiry is not found.
   */
  async touch(tokenHash: string, idleMinutes: number): Promise<SessionRow | undefined> {
    const [row] = await this.database.db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(
        and(
          eq(sessions.tokenHash, tokenHash),
          isNull(sessions.endedAt),
          gt(sessions.expiresAt, sql`now()`),
          gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${idleMinutes})`),
        ),
      )
      .returning();
    return row;
  }

  async end(tx: Executor, tokenHash: string, reason: SessionEndReason): Promise<boolean> {
    const ended = await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: reason })
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.endedAt)))
      .returning({ tokenHash: sessions.tokenHash });
    return ended.length > 0;
  }

  /** Ends every open session of a user or operator: on disable, password change and reset. */
  async endAllFor(tx: Executor, subjectId: string, reason: SessionEndReason): Promise<number> {
    const ended = await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: reason })
      .where(and(eq(sessions.subjectId, subjectId), isNull(sessions.endedAt)))
      .returning({ tokenHash: sessions.tokenHash });
    return ended.length;
  }
}
