import { z } from 'zod';
import { eventContracts, rpcContracts } from './registry';

/** The largest binary value a message may carry: a time-stamp query, never a document. */
const MAX_BINARY_CHARS = 256 * 1024;

/**
 * Binary replies that are PKI objects, not documents, and have no fixed
 * bound: an RFC 3161 reply (a few KiB) and the CRL (grows 40 bytes per
 * revoked certificate). Anything else binary must declare a small maximum.
 */
const PKI_OBJECTS = new Set(['signing.tsa.timestamp:reply:replyBase64', 'signing.crl.get:reply:derBase64']);

interface Finding {
  where: string;
  path: string;
  problem: string;
}

function findings(where: string, schema: z.ZodType): Finding[] {
  const found: Finding[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (!node || typeof node !== 'object') {
      return;
    }
    const field = node as Record<string, unknown>;
    const name = path.at(-1) ?? '';
    const binary = field.contentEncoding === 'base64' || field.format === 'base64' || field.format === 'binary';
    if (/pdf/i.test(name) && (binary || /base64|bytes|content|data/i.test(name))) {
      found.push({ where, path: path.join('.'), problem: 'carries PDF bytes: stage them (StagedFiles) or name a stored blob by hash' });
    } else if (binary && !PKI_OBJECTS.has(`${where}:${name}`)) {
      const max = typeof field.maxLength === 'number' ? field.maxLength : Infinity;
      if (max > MAX_BINARY_CHARS) {
        found.push({ where, path: path.join('.'), problem: `binary without a maximum of at most ${MAX_BINARY_CHARS} characters` });
      }
    }
    for (const [key, value] of Object.entries(field)) {
      walk(
        value,
        key === 'properties' || key === 'items' || key === 'anyOf' || key === 'oneOf' || /^\d+$/.test(key) ? path : [...path, key],
      );
    }
  };
  for (const io of ['input', 'output'] as const) {
    walk(z.toJSONSchema(schema, { unrepresentable: 'any', io }), []);
  }
  return found;
}

/**
 * PDFs travel by claim check (ARCHITECTURE.md, "Untrusted input and large
 * bytes"): no RPC payload or reply and no event may carry a document's
 * bytes. A new field like `pdfBase64` in any message schema fails here.
 */
describe('no message carries PDF bytes', () => {
  const messages = [
    ...Object.entries(rpcContracts).flatMap(([pattern, contract]) => [
      { where: `${pattern}:payload`, schema: contract.payload as z.ZodType },
      { where: `${pattern}:reply`, schema: contract.reply as z.ZodType },
    ]),
    ...Object.entries(eventContracts).map(([event, contract]) => ({ where: `${event}:event`, schema: contract.payload as z.ZodType })),
  ];

  it('checks every RPC pattern and event', () => {
    expect(messages.length).toBe(2 * Object.keys(rpcContracts).length + Object.keys(eventContracts).length);
  });

  it.each(messages)('$where has no PDF bytes and no unbounded binary', ({ where, schema }) => {
    expect(findings(where, schema)).toEqual([]);
  });

  it('would catch a PDF as base64 or an unbounded binary field', () => {
    const pdfInline = z.object({ contract: z.object({ pdfBase64: z.base64() }) });
    const blob = z.object({ attachment: z.base64() });
    expect(findings('example', pdfInline).map((finding) => finding.path)).toContain('contract.pdfBase64');
    expect(findings('example', blob).map((finding) => finding.problem)).toContain(
      `binary without a maximum of at most ${MAX_BINARY_CHARS} characters`,
    );
    expect(findings('example', z.object({ upload: z.object({ id: z.uuid(), sha256: z.string() }) }))).toEqual([]);
  });
});
