import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor } from '@app/db';
import { DATABASE } from '@app/messaging';
import { companies, invitations } from '../database/identity.schema';

export type InvitationRow = typeof invitations.$inferSelect;

@Injectable()
export class InvitationsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(
    tx: Executor,
    values: Pick<InvitationRow, 'invitingCompanyId' | 'invitedBy' | 'email' | 'tokenHash' | 'expiresAt'>,
  ): Promise<InvitationRow> {
    const [row] = await tx.insert(invitations).values(values).returning();
    return row;
  }

  /** An invitation that can still be used (not accepted, not expired), with the inviting company's name. */
  async findOpen(
    tokenHash: string,
    tx: Executor = this.database.db,
    forUpdate = false,
  ): Promise<(InvitationRow & { invitingCompanyName: string }) | undefined> {
    const query = tx
      .select({ invitation: invitations, invitingCompanyName: companies.name })
      .from(invitations)
      .innerJoin(companies, eq(companies.id, invitations.invitingCompanyId))
      .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`)));
    const [row] = forUpdate ? await query.for('update', { of: invitations }) : await query;
    return row && { ...row.invitation, invitingCompanyName: row.invitingCompanyName };
  }

  async markAccepted(tx: Executor, id: string, companyId: string): Promise<void> {
    await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()`, acceptedCompanyId: companyId })
      .where(eq(invitations.id, id));
  }
}
