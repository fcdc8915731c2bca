import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor } from '@app/db';
import { DATABASE } from '@app/messaging';
import { certificateHolders, certificates, platformCa } from '../database/signing.schema';

export type CertificateRow = typeof certificates.$inferSelect;
export type HolderRow = typeof certificateHolders.$inferSelect;

@Injectable()
export class CertificatesRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(tx: Executor, values: typeof certificates.$inferInsert): Promise<void> {
    await tx.insert(certificates).values(values);
  }

  async insertHolder(tx: Executor, values: typeof certificateHolders.$inferInsert): Promise<void> {
    await tx.insert(certificateHolders).values(values);
  }

  /** A certificate of one company only: another company's is simply not found. */
  async findInCompany(
    companyId: string,
    serialNumber: string,
    tx: Executor = this.database.db,
    forUpdate = false,
  ): Promise<CertificateRow | undefined> {
    const query = tx
      .select()
      .from(certificates)
      .where(and(eq(certificates.companyId, companyId), eq(certificates.serialNumber, serialNumber)));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  async find(serialNumber: string, tx: Executor = this.database.db): Promise<CertificateRow | undefined> {
    const [row] = await tx.select().from(certificates).where(eq(certificates.serialNumber, serialNumber));
    return row;
  }

  async holder(serialNumber: string, userId: string, tx: Executor = this.database.db, forUpdate = false): Promise<HolderRow | undefined> {
    const query = tx
      .select()
      .from(certificateHolders)
      .where(and(eq(certificateHolders.serialNumber, serialNumber), eq(certificateHolders.userId, userId)));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  async updateHolder(
    tx: Executor,
    serialNumber: string,
    userId: string,
    changes: Partial<Pick<HolderRow, 'failedPins' | 'lockedAt' | 'activatedAt'>>,
  ) {
    await tx
      .update(certificateHolders)
      .set(changes)
      .where(and(eq(certificateHolders.serialNumber, serialNumber), eq(certificateHolders.userId, userId)));
  }

  async revoke(tx: Executor, serialNumber: string, reason: string): Promise<void> {
    await tx
      .update(certificates)
      .set({ revokedAt: sql`now()`, revocationReason: reason })
      .where(eq(certificates.serialNumber, serialNumber));
    await tx.update(platformCa).set({ crlNumber: sql`${platformCa.crlNumber} + 1` });
  }

  listForCompany(companyId: string): Promise<CertificateRow[]> {
    return this.database.db.select().from(certificates).where(eq(certificates.companyId, companyId)).orderBy(asc(certificates.createdAt));
  }

  async listForHolder(userId: string): Promise<CertificateRow[]> {
    const serials = this.database.db
      .select({ serial: certificateHolders.serialNumber })
      .from(certificateHolders)
      .where(eq(certificateHolders.userId, userId));
    return this.database.db
      .select()
      .from(certificates)
      .where(inArray(certificates.serialNumber, serials))
      .orderBy(asc(certificates.createdAt));
  }

  holdersOf(serialNumbers: string[]): Promise<HolderRow[]> {
    if (serialNumbers.length === 0) {
      return Promise.resolve([]);
    }
    return this.database.db
      .select()
      .from(certificateHolders)
      .where(inArray(certificateHolders.serialNumber, serialNumbers))
      .orderBy(asc(certificateHolders.createdAt));
  }
}
