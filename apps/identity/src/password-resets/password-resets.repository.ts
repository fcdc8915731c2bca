import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor } from '@app/db';
import { DATABASE } from '@app/messaging';
import { passwordResets } from '../database/identity.schema';

export type PasswordResetRow = typeof passwordResets.$inferSelect;

@Injectable()
export class PasswordResetsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** A new link for `userId`; any older link of that user still open is used up, so only the newest mail works. */
  async replace(tx: Executor, values: Pick<PasswordResetRow, 'userId' | 'tokenHash' | 'expiresAt'>): Promise<void> {
    await this.voidOpen(tx, values.userId);
    await tx.insert(passwordResets).values(values);
  }

  async voidOpen(tx: Executor, userId: string): Promise<void> {
    await tx
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
  }

  /** The open (unused, unexpired) link with this token hash. */
  async findOpen(tokenHash: string): Promise<PasswordResetRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(passwordResets)
      .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, sql`now()`)));
    return row;
  }

  /** The open link with this token hash, locked for the transaction (two uses racing: one wins). */
  async findOpenForUpdate(tx: Executor, tokenHash: string): Promise<PasswordResetRow | undefined> {
    const [row] = await tx
      .select()
      .from(passwordResets)
      .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, sql`now()`)))
      .for('update');
    return row;
  }

  async markUsed(tx: Executor, id: string): Promise<void> {
    await tx
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(eq(passwordResets.id, id));
  }
}
