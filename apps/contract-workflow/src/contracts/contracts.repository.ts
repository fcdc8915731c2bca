import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, or, SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { listContractsSchema } from '@app/contracts';
import { DatabaseHandle, Executor, insertRows, likeContaining, preparedStatement } from '@app/db';
import { DATABASE } from '@app/messaging';
import { contracts, routeSteps } from '../database/contract-workflow.schema';
import { RouteStep, Side } from './contract-transitions';

export type ContractRow = typeof contracts.$inferSelect;
export type RouteStepRow = typeof routeSteps.$inferSelect;
type ListFilter = z.output<typeof listContractsSchema> & { matterId?: string };

/** One statement for any batch (see preparedStatement): each contract with its version and signed document's hash. */
/** What a bulk conclusion goes on with (events, audit entries, billing rows): 10 of the 28 columns. */
const concludedFields = {
  id: contracts.id,
  documentNumber: contracts.documentNumber,
  status: contracts.status,
  senderCompanyId: contracts.senderCompanyId,
  receiverCompanyId: contracts.receiverCompanyId,
  senderPlan: contracts.senderPlan,
  receiverPlan: contracts.receiverPlan,
  updatedAt: contracts.updatedAt,
  sentAt: contracts.sentAt,
  version: contracts.version,
};
export type ConcludedContract = Pick<ContractRow, keyof typeof concludedFields>;

const concludeAllStatement = preparedStatement('cw.contracts.conclude_all', (db) =>
  db
    .update(contracts)
    .set({
      status: 'CONCLUDED',
      currentActorUserId: null,
      currentSide: null,
      currentPosition: null,
      currentSha256: sql`batch.signed_sha256`,
      concludedAt: sql`${sql.placeholder('concludedAt')}::timestamptz`,
      version: sql`${contracts.version} + 1`,
      updatedAt: sql`now()`,
    })
    .from(
      sql`unnest(${sql.placeholder('ids')}::uuid[], ${sql.placeholder('versions')}::int[], ${sql.placeholder('signedSha256s')}::text[]) AS batch(id, version, signed_sha256)`,
    )
    .where(sql`${contracts.id} = batch.id AND ${contracts.version} = batch.version`)
    .returning(concludedFields),
);
const deleteReceiverRoutesStatement = preparedStatement('cw.contracts.delete_receiver_routes', (db) =>
  db.delete(routeSteps).where(and(sql`${routeSteps.contractId} = ANY(${sql.placeholder('ids')}::uuid[])`, eq(routeSteps.side, 'RECEIVER'))),
);

/** The sender's company always; the receiver's once the document was sent to it. */
function visibleTo(companyId: string): SQL | undefined {
  return or(eq(contracts.senderCompanyId, companyId), and(eq(contracts.receiverCompanyId, companyId), isNotNull(contracts.sentAt)));
}

@Injectable()
export class ContractsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(tx: Executor, values: typeof contracts.$inferInsert): Promise<ContractRow> {
    const [row] = await tx.insert(contracts).values(values).returning();
    return row;
  }

  /** Replaces one side's route (registration, receipt, re-routing after 差戻し). */
  async replaceSide(tx: Executor, contractId: string, side: Side, steps: RouteStep[]): Promise<void> {
    await tx.delete(routeSteps).where(and(eq(routeSteps.contractId, contractId), eq(routeSteps.side, side)));
    await tx.insert(routeSteps).values(steps.map((step) => ({ ...step, contractId })));
  }

  async markStep(tx: Executor, contractId: string, side: Side, position: number, action: string): Promise<void> {
    await tx
      .update(routeSteps)
      .set({ actedAt: sql`now()`, action })
      .where(and(eq(routeSteps.contractId, contractId), eq(routeSteps.side, side), eq(routeSteps.position, position)));
  }

  /**
   * The bulk signatures of a batch (受取確認 and the receiver's signature at
   * once): each contract's receiver route becomes its one signer, already
   * signed at `actedAt`. Two statements for the whole batch.
   */
  async replaceReceiverSignedBy(tx: Executor, signers: readonly { contractId: string; userId: string }[], actedAt: Date): Promise<void> {
    if (signers.length === 0) {
      return;
    }
    await deleteReceiverRoutesStatement(tx, { ids: signers.map((signer) => signer.contractId) });
    await insertRows(
      tx,
      routeSteps,
      signers.map(({ contractId, userId }) => ({
        contractId,
        side: 'RECEIVER' as const,
        position: 0,
        role: 'SIGNER' as const,
        userId,
        actedAt,
        action: 'sign',
      })),
      { keptReferencePlans: true, unnest: true },
    );
  }

  /** A contract the company is a party to (the receiver only once it was sent); any other is not found. */
  async findForCompany(companyId: string, id: string): Promise<ContractRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(contracts)
      .where(and(eq(contracts.id, id), visibleTo(companyId)));
    return row;
  }

  steps(contractIds: readonly string[]): Promise<RouteStepRow[]> {
    if (contractIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.database.db
      .select()
      .from(routeSteps)
      .where(inArray(routeSteps.contractId, [...contractIds]))
      .orderBy(asc(routeSteps.side), asc(routeSteps.position));
  }

  /** Applies a change only if nobody changed the contract since it was read (its version). */
  async update(
    tx: Executor,
    id: string,
    version: number,
    changes: Partial<typeof contracts.$inferInsert>,
  ): Promise<ContractRow | undefined> {
    const [row] = await tx
      .update(contracts)
      .set({ ...changes, version: version + 1, updatedAt: sql`now()` })
      .where(and(eq(contracts.id, id), eq(contracts.version, version)))
      .returning();
    return row;
  }

  /**
   * Concludes several contracts in one statement, each only if nobody changed
   * it since it was read (its version), with its own signed document hash.
   * Returns what the caller goes on with of the rows that changed.
   */
  async concludeAll(
    tx: Executor,
    changes: readonly { id: string; version: number; signedSha256: string }[],
    concludedAt: Date,
  ): Promise<ConcludedContract[]> {
    if (changes.length === 0) {
      return [];
    }
    return concludeAllStatement(tx, {
      ids: changes.map((change) => change.id),
      versions: changes.map((change) => change.version),
      signedSha256s: changes.map((change) => change.signedSha256),
      concludedAt,
    });
  }

  async list(companyId: string, userId: string, filter: ListFilter): Promise<{ rows: ContractRow[]; total: number }> {
    const conditions: (SQL | undefined)[] = [visibleTo(companyId)];
    if (filter.scope === 'MY_LIST') {
      // マイリスト: where I act next, or I am the addressee (recipient) or the registrant.
      conditions.push(
        or(eq(contracts.currentActorUserId, userId), eq(contracts.recipientUserId, userId), eq(contracts.registrantUserId, userId)),
      );
    }
    if (filter.direction) {
      conditions.push(eq(filter.direction === 'SENT' ? contracts.senderCompanyId : contracts.receiverCompanyId, companyId));
    }
    if (filter.status) {
      conditions.push(eq(contracts.status, filter.status));
    }
    if (filter.documentNumber) {
      conditions.push(eq(contracts.documentNumber, filter.documentNumber));
    }
    if (filter.name) {
      conditions.push(ilike(contracts.name, likeContaining(filter.name)));
    }
    if (filter.counterpartyName) {
      const pattern = likeContaining(filter.counterpartyName);
      conditions.push(
        or(
          and(eq(contracts.senderCompanyId, companyId), ilike(contracts.receiverCompanyName, pattern)),
          and(eq(contracts.receiverCompanyId, companyId), ilike(contracts.senderCompanyName, pattern)),
        ),
      );
    }
    if (filter.counterpartySide) {
      // The counterparty is the receiver when we sent, and its side is the opposite of the sender's.
      const senderSide = filter.counterpartySide === 'ORDERER' ? 'CONTRACTOR' : 'ORDERER';
      conditions.push(
        or(
          and(eq(contracts.senderCompanyId, companyId), eq(contracts.senderSide, senderSide)),
          and(eq(contracts.receiverCompanyId, companyId), eq(contracts.senderSide, filter.counterpartySide)),
        ),
      );
    }
    if (filter.matterId) {
      // Each side's matter belongs to that side's company: ours is on the side we are.
      conditions.push(
        or(
          and(eq(contracts.senderCompanyId, companyId), eq(contracts.senderMatterId, filter.matterId)),
          and(eq(contracts.receiverCompanyId, companyId), eq(contracts.receiverMatterId, filter.matterId)),
        ),
      );
    }
    if (filter.updatedFrom) {
      conditions.push(gte(contracts.updatedAt, sql`${filter.updatedFrom}::date::timestamp AT TIME ZONE 'Asia/Tokyo'`));
    }
    if (filter.updatedTo) {
      conditions.push(lt(contracts.updatedAt, sql`(${filter.updatedTo}::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`));
    }
    const where = and(...conditions);
    const column = {
      documentNumber: contracts.documentNumber,
      updatedAt: contracts.updatedAt,
      name: contracts.name,
      status: contracts.status,
    }[filter.sort];
    const db = this.database.db;
    const [rows, [{ total } = { total: 0 }]] = await Promise.all([
      db
        .select()
        .from(contracts)
        .where(where)
        .orderBy(filter.order === 'asc' ? asc(column) : desc(column), desc(contracts.documentNumber))
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize),
      db.select({ total: count() }).from(contracts).where(where),
    ]);
    return { rows, total };
  }
}
