import { createHash } from 'node:crypto';
import { AuditActor } from '@app/contracts';

/** The previous hash of a contract's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: everything recorded about it except the hashes themselves. */
export interface HashedAuditFields {
  contractId: string;
  documentNumber: string;
  seq: number;
  action: string;
  actor: AuditActor;
  senderCompanyId: string;
  receiverCompanyId: string;
  sentToReceiver: boolean;
  clientIp: string | null;
  documentSha256: string | null;
  details: Record<string, unknown>;
  /** ISO 8601 with milliseconds, UTC. */
  occurredAt: string;
}

/**
 * JSON with object keys sorted at every level and no whitespace, so the same
 * entry always gives the same bytes (jsonb does not keep key order).
 * Undefined values are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** SHA-256(previous hash + canonical JSON of the entry), hex. */
export function entryHash(previousHash: string, fields: HashedAuditFields): string {
  return createHash('sha256')
    .update(previousHash + canonicalJson(fields))
    .digest('hex');
}

export interface ChainLink {
  fields: HashedAuditFields;
  previousHash: string;
  hash: string;
}

/**
 * Walks a contract's entries in order: each must be numbered 1, 2, 3 …, point
 * at the hash of the one before, and hash to what it says. The first entry
 * that does not is reported; a removed entry shows as a gap in the numbers.
 */
export function verifyChain(links: readonly ChainLink[]): { valid: boolean; entries: number; firstBrokenAt?: number } {
  let previousHash = GENESIS_HASH;
  for (const [index, link] of links.entries()) {
    const intact =
      link.fields.seq === index + 1 && link.previousHash === previousHash && entryHash(previousHash, link.fields) === link.hash;
    if (!intact) {
      return { valid: false, entries: links.length, firstBrokenAt: link.fields.seq };
    }
    previousHash = link.hash;
  }
  return { valid: true, entries: links.length };
}
