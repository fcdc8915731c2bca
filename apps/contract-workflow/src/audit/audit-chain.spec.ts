import { canonicalJson, ChainLink, entryHash, GENESIS_HASH, HashedAuditFields, verifyChain } from './audit-chain';

const fields = (seq: number, overrides: Partial<HashedAuditFields> = {}): HashedAuditFields => ({
  contractId: '7d3c1f0e-8a1b-4c2d-9e3f-000000000001',
  documentNumber: '0000000283',
  seq,
  action: seq === 1 ? 'REGISTERED' : 'APPROVED',
  actor: { kind: 'user', userId: 'U000002', companyId: 'C000001' },
  senderCompanyId: 'C000001',
  receiverCompanyId: 'C000002',
  sentToReceiver: seq > 1,
  clientIp: '192.0.2.10',
  documentSha256: 'a'.repeat(64),
  details: { step: seq },
  occurredAt: `2026-11-25T10:00:0${seq}.000Z`,
  ...overrides,
});

function chain(count: number): ChainLink[] {
  const links: ChainLink[] = [];
  let previousHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const entry = fields(seq);
    const hash = entryHash(previousHash, entry);
    links.push({ fields: entry, previousHash, hash });
    previousHash = hash;
  }
  return links;
}

describe('audit chain', () => {
  it('writes the same JSON whatever the key order, without undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, z: undefined })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('accepts an intact chain, and an empty one', () => {
    expect(verifyChain(chain(4))).toEqual({ valid: true, entries: 4 });
    expect(verifyChain([])).toEqual({ valid: true, entries: 0 });
  });

  it('names the first entry whose contents changed', () => {
    const links = chain(4);
    links[2] = { ...links[2], fields: { ...links[2].fields, clientIp: '203.0.113.9' } };
    expect(verifyChain(links)).toEqual({ valid: false, entries: 4, firstBrokenAt: 3 });
  });

  it('names an entry re-hashed after a change, because the next one no longer points at it', () => {
    const links = chain(3);
    const changed = fields(2, { action: 'SIGNED' });
    links[1] = { fields: changed, previousHash: links[1].previousHash, hash: entryHash(links[1].previousHash, changed) };
    expect(verifyChain(links)).toEqual({ valid: false, entries: 3, firstBrokenAt: 3 });
  });

  it('names the entry after a removed one', () => {
    const links = chain(4);
    links.splice(1, 1);
    expect(verifyChain(links)).toEqual({ valid: false, entries: 3, firstBrokenAt: 3 });
  });
});
