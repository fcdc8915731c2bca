import { readElement } from '../asn1/der';

/** One signature dictionary found in a PDF, with the bytes it covers located but not copied. */
export interface EmbeddedSignature {
  readonly index: number;
  readonly fieldName?: string;
  readonly byteRange: [number, number, number, number];
  /** The CMS without the placeholder's zero padding. */
  readonly cms: Buffer;
  readonly subFilter?: string;
  readonly type: string;
  /** The claimed signing time from /M, if present. */
  readonly claimedSigningTime?: Date;
  /** Where the covered revision ends: byteRange[2] + byteRange[3]. */
  readonly revisionEnd: number;
}

function parsePdfDate(text: string): Date | undefined {
  const m = /D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(text);
  if (!m) {
    return undefined;
  }
  const utc = Date.UTC(+m[1], +(m[2] ?? 1) - 1, +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  const zone = /^([+-])(\d{2})'?(\d{2})'?$/.exec(m[7] ?? '');
  const offset = zone ? (zone[1] === '+' ? 1 : -1) * (+zone[2] * 60 + +zone[3]) * 60_000 : 0;
  return new Date(utc - offset);
}

function objectAround(pdf: Buffer, position: number): { number?: string; start: number; end: number } {
  const start = pdf.lastIndexOf(' obj', position);
  const header = /(\d+)\s+(\d+)$/.exec(pdf.subarray(Math.max(0, start - 24), start).toString('latin1'));
  const end = pdf.indexOf('endobj', position);
  return { ...(header ? { number: header[1] } : {}), start, end: end === -1 ? pdf.length : end };
}

/** More than any real contract has; bounds the work a hostile upload can cause. */
export const MAX_SIGNATURES = 100;

/** Every signature (and document timestamp) in the file, in file order, up to MAX_SIGNATURES. Placeholders not yet filled are skipped. */
export function extractSignatures(pdf: Buffer): EmbeddedSignature[] {
  const signatures: EmbeddedSignature[] = [];
  let names: Map<string, string> | undefined;
  for (let at = pdf.indexOf('/ByteRange'); at !== -1 && signatures.length < MAX_SIGNATURES; at = pdf.indexOf('/ByteRange', at + 10)) {
    const close = pdf.indexOf(']', at);
    const numbers = pdf
      .subarray(pdf.indexOf('[', at) + 1, close)
      .toString('latin1')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (numbers.length !== 4 || numbers.some((n) => !Number.isInteger(n) || n < 0)) {
      continue;
    }
    const byteRange = numbers as [number, number, number, number];
    const [, holeStart, holeEnd, tailLength] = byteRange;
    if (holeEnd + tailLength > pdf.length || pdf[holeStart] !== 0x3c || pdf[holeEnd - 1] !== 0x3e) {
      continue;
    }
    const padded = Buffer.from(pdf.subarray(holeStart + 1, holeEnd - 1).toString('latin1'), 'hex');
    let cms: Buffer;
    try {
      cms = Buffer.from(readElement(padded).raw);
    } catch {
      cms = padded;
    }
    const object = objectAround(pdf, at);
    // The dictionary without the (large) /Contents hex string.
    const dictionary = Buffer.concat([pdf.subarray(object.start, holeStart), pdf.subarray(holeEnd, object.end)]).toString('latin1');
    names ??= fieldNames(pdf);
    const fieldName = object.number ? names.get(object.number) : undefined;
    const claimed = /\/M\s*\(([^)]*)\)/.exec(dictionary)?.[1];
    const subFilter = /\/SubFilter\s*\/([\w.]+)/.exec(dictionary)?.[1];
    const claimedSigningTime = claimed ? parsePdfDate(claimed) : undefined;
    signatures.push({
      index: signatures.length + 1,
      ...(fieldName ? { fieldName } : {}),
      byteRange,
      cms,
      type: /\/Type\s*\/(\w+)/.exec(dictionary)?.[1] ?? 'Sig',
      ...(subFilter ? { subFilter } : {}),
      ...(claimedSigningTime ? { claimedSigningTime } : {}),
      revisionEnd: holeEnd + tailLength,
    });
  }
  return signatures;
}

/**
 * Signature object number → the /T of the widget whose /V points to it, in
 * one pass (the last definition wins, as in an incremental file).
 */
function fieldNames(pdf: Buffer): Map<string, string> {
  const text = pdf.toString('latin1');
  const names = new Map<string, string>();
  const reference = /\/V\s+(\d+)\s+\d+\s+R/g;
  for (let match = reference.exec(text); match; match = reference.exec(text)) {
    const start = text.lastIndexOf(' obj', match.index);
    const end = text.indexOf('endobj', match.index);
    const name = /\/T\s*\(([^)]*)\)/.exec(text.slice(start, end === -1 ? text.length : end))?.[1];
    if (name !== undefined) {
      names.set(match[1], name);
    }
  }
  return names;
}
