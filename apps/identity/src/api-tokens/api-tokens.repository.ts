import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { ApiTokenView } from '@app/contracts';
import { DatabaseHandle, Executor } from '@app/db';
import { DATABASE } from '@app/messaging';
import { apiTokens } from '../database/identity.schema';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

@Injectable()
export class ApiTokensRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(
    values: Pick<ApiTokenRow, 'companyId' | 'name' | 'scopes' | 'tokenHash' | 'displayPrefix' | 'createdBy' | 'expiresAt'>,
  ): Promise<ApiTokenRow> {
    const [row] = await this.database.db.insert(apiTokens).values(values).returning();
    return row;
  }

  listForCompany(companyId: string): Promise<ApiTokenRow[]> {
    return this.database.db.select().from(apiTokens).where(eq(apiTokens.companyId, companyId)).orderBy(desc(apiTokens.createdAt));
  }

  async revoke(companyId: string, id: string, tx: Executor = this.database.db): Promise<ApiTokenRow | undefined> {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
      .where(and(eq(apiTokens.companyId, companyId), eq(apiTokens.id, id)))
      .returning();
    return row;
  }

  /** A usable token by its hash: not revoked, not expired; its last use is recorded in the same statement. */
  async use(tokenHash: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.database.db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql`now()`)))
      .returning();
    return row;
  }
}

export function toApiTokenView(row: ApiTokenRow): ApiTokenView {
  return {
    tokenId: row.id,
    companyId: row.companyId,
    name: row.name,
    scopes: row.scopes,
    displayPrefix: row.displayPrefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
