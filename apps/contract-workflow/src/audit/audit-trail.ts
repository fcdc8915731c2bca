import { Injectable } from '@nestjs/common';
import { ActorContext, AppError, AuditActor, AuditEntry, AuditTrailView, AuditVerification } from '@app/contracts';
import { Executor } from '@app/db';
import { AuditEntryRow } from '../ledger/ledger.schema';
import { entryHash, GENESIS_HASH, HashedAuditFields, verifyChain } from './audit-chain';
import { AuditRepository, NewAuditEntry } from './audit.repository';

export interface AuditAppend {
  contractId: string;
  documentNumber: string;
  /** What happened, e.g. REGISTERED, APPROVED, RETURNED, SIGNED (the workflow's vocabulary). */
  action: string;
  actor: AuditActor;
  /** Both parties: who may read the trail (members of either company). */
  senderCompanyId: string;
  receiverCompanyId: string;
  /**
   * Whether the document has been sent to the receiver (it stays sent): until
   * an entry says so, only the sender's company may read the trail.
   * Defaults to true; pass `Boolean(contract.sentAt)`.
   */
  sentToReceiver?: boolean;
  clientIp: string | null;
  /** SHA-256 of the PDF at that moment. */
  documentSha256: string | null;
  details?: Record<string, unknown>;
}

/** The part of an actor context an audit entry records. */
export function auditActorOf(actor: ActorContext): AuditActor {
  const kind = actor.kind === 'anonymous' ? 'system' : actor.kind;
  return { kind, ...(actor.userId ? { userId: actor.userId } : {}), ...(actor.companyId ? { companyId: actor.companyId } : {}) };
}

/**
 * 監査証跡: append-only, one hash chain per contract. The workflow appends in
 * the transaction of each transition, so an entry exists exactly when the
 * transition committed.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly entries: AuditRepository) {}

  async append(tx: Executor, input: AuditAppend): Promise<AuditEntry> {
    const [entry] = await this.appendAll(tx, [input]);
    return entry;
  }

  /**
   * Several entries in order — of one contract (a bulk signature's receipt and
   * signature) or of many (a batch of bulk signatures): the chains are locked
   * in one statement, their last entries read in one, and all rows inserted
   * in one. Entries of the same contract are chained in the order given.
   * Returns the entries in the order given, as they were stored: every value
   * is made here (the details through JSON, as jsonb gives them back), so
   * nothing is read back.
   */
  async appendAll(tx: Executor, inputs: readonly AuditAppend[]): Promise<AuditEntry[]> {
    if (inputs.length === 0) {
      return [];
    }
    const contractIds = [...new Set(inputs.map((input) => input.contractId))];
    await this.entries.lockChains(tx, contractIds);
    const heads = new Map(
      (await this.entries.lastOf(tx, contractIds)).map((row) => [row.contractId, { hash: row.hash, seq: row.seq }] as const),
    );
    const occurredAt = new Date();
    const rows = inputs.map((input) => {
      const head = heads.get(input.contractId) ?? { hash: GENESIS_HASH, seq: 0 };
      const previousHash = head.hash;
      const fields: HashedAuditFields = {
        contractId: input.contractId,
        documentNumber: input.documentNumber,
        seq: head.seq + 1,
        action: input.action,
        actor: input.actor,
        senderCompanyId: input.senderCompanyId,
        receiverCompanyId: input.receiverCompanyId,
        sentToReceiver: input.sentToReceiver ?? true,
        clientIp: input.clientIp,
        documentSha256: input.documentSha256,
        // Through JSON once, so what is hashed is exactly what jsonb gives back.
        details: JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>,
        occurredAt: occurredAt.toISOString(),
      };
      const hash = entryHash(previousHash, fields);
      heads.set(input.contractId, { hash, seq: fields.seq });
      return {
        contractId: fields.contractId,
        seq: fields.seq,
        documentNumber: fields.documentNumber,
        action: fields.action,
        actorKind: fields.actor.kind,
        actorUserId: fields.actor.userId ?? null,
        actorCompanyId: fields.actor.companyId ?? null,
        senderCompanyId: fields.senderCompanyId,
        receiverCompanyId: fields.receiverCompanyId,
        sentToReceiver: fields.sentToReceiver,
        clientIp: fields.clientIp,
        documentSha256: fields.documentSha256,
        details: fields.details,
        occurredAt,
        previousHash,
        hash,
      };
    });
    await this.entries.insertAll(tx, rows);
    return rows.map(toAuditEntry);
  }

  /** The whole trail, for a member of the sender or the receiver company; anyone else gets 404. */
  async read(actor: ActorContext, contractId: string): Promise<AuditTrailView> {
    const rows = await this.readableRows(actor, contractId);
    return { contractId, documentNumber: rows[0].documentNumber, entries: rows.map(toAuditEntry) };
  }

  /** The trail and its check from one read, for the PDF report. */
  async readVerified(actor: ActorContext, contractId: string): Promise<{ trail: AuditTrailView; verification: AuditVerification }> {
    const rows = await this.readableRows(actor, contractId);
    return {
      trail: { contractId, documentNumber: rows[0].documentNumber, entries: rows.map(toAuditEntry) },
      verification: { contractId, ...verifyRows(rows) },
    };
  }

  async verify(actor: ActorContext, contractId: string): Promise<AuditVerification> {
    return { contractId, ...verifyRows(await this.readableRows(actor, contractId)) };
  }

  /** For the workflow's own checks (no actor): is this contract's chain intact? */
  async verifyInternally(contractId: string): Promise<AuditVerification> {
    return { contractId, ...verifyRows(await this.entries.forContract(contractId)) };
  }

  private async readableRows(actor: ActorContext, contractId: string): Promise<AuditEntryRow[]> {
    if (actor.kind === 'anonymous') {
      throw AppError.of('UNAUTHENTICATED');
    }
    if (actor.kind !== 'user' || !actor.companyId) {
      throw AppError.of('FORBIDDEN');
    }
    const rows = await this.entries.forContract(contractId);
    const first = rows[0];
    // The parties are on every entry; the first one is read, the chain check covers the rest.
    const party =
      first &&
      (first.senderCompanyId === actor.companyId ||
        (first.receiverCompanyId === actor.companyId && rows.some((row) => row.sentToReceiver)));
    if (!party) {
      throw AppError.of('NOT_FOUND');
    }
    return rows;
  }
}

function hashedFields(row: NewAuditEntry): HashedAuditFields {
  return {
    contractId: row.contractId,
    documentNumber: row.documentNumber,
    seq: row.seq,
    action: row.action,
    actor: {
      kind: row.actorKind as AuditActor['kind'],
      ...(row.actorUserId ? { userId: row.actorUserId } : {}),
      ...(row.actorCompanyId ? { companyId: row.actorCompanyId } : {}),
    },
    senderCompanyId: row.senderCompanyId,
    receiverCompanyId: row.receiverCompanyId,
    sentToReceiver: row.sentToReceiver,
    clientIp: row.clientIp,
    documentSha256: row.documentSha256,
    details: row.details,
    occurredAt: row.occurredAt.toISOString(),
  };
}

function verifyRows(rows: AuditEntryRow[]) {
  return verifyChain(rows.map((row) => ({ fields: hashedFields(row), previousHash: row.previousHash, hash: row.hash })));
}

export function toAuditEntry(row: NewAuditEntry): AuditEntry {
  return { ...hashedFields(row), previousHash: row.previousHash, hash: row.hash };
}
