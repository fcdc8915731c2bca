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
    // Locked on its own: drizzle writes `FOR UPDATE OF` with a schema-qualified name, which PostgreSQL refuses.
    const query = tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`)));
    const [invitation] = forUpdate ? await query.for('update') : await query;
    if (!invitation) {
      return undefined;
    }
    const [company] = await tx.select({ name: companies.name }).from(companies).where(eq(companies.id, invitation.invitingCompanyId));
    return { ...invitation, invitingCompanyName: company?.name ?? '' };
  }

  async markAccepted(tx: Executor, id: string, companyId: string): Promise<void> {
    await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()`, acceptedCompanyId: companyId })
      .where(eq(invitations.id, id));
  }
}
