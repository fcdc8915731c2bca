/**
 * A minimal DER writer and reader. The hot signing path assembles CMS from
 * pre-encoded pieces with these helpers instead of an ASN.1 object model:
 * per document only a digest, a signature and a timestamp change, and
 * building a schema tree for that costs more than the RSA operation itself.
 */

export const Tag = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.from([length]);
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest & 0xff);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: tag, length, and the concatenated content parts. */
export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const content = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const sequence = (...parts: Buffer[]): Buffer => tlv(Tag.SEQUENCE, ...parts);

/** A DER SET OF: members sorted by their encodings, as X.690 requires and OpenSSL re-checks. */
export const setOf = (...members: Buffer[]): Buffer => tlv(Tag.SET, ...[...members].sort((a, b) => Buffer.compare(a, b)));

/** `[n]` EXPLICIT (constructed) context tag. */
export const explicit = (n: number, ...parts: Buffer[]): Buffer => tlv(0xa0 | n, ...parts);

export const octetString = (value: Buffer): Buffer => tlv(Tag.OCTET_STRING, value);

export const derNull = (): Buffer => Buffer.from([Tag.NULL, 0]);

/** Encoded OIDs: a signature uses the same few, and encoding one with BigInts cost more than the rest of its CMS. */
const encodedOids = new Map<string, Buffer>();
const ENCODED_OIDS_KEPT = 1024;

/** An OBJECT IDENTIFIER; a new Buffer each call (callers may change it). */
export function oid(dotted: string): Buffer {
  let encoded = encodedOids.get(dotted);
  if (!encoded) {
    encoded = encodeOid(dotted);
    if (encodedOids.size < ENCODED_OIDS_KEPT) {
      encodedOids.set(dotted, encoded);
    }
  }
  return Buffer.from(encoded);
}

function encodeOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const bytes: number[] = [];
  const encodeArc = (arc: bigint): void => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) {
      chunk.unshift(Number(rest & 0x7fn) | 0x80);
    }
    bytes.push(...chunk);
  };
  encodeArc(arcs[0] * 40n + arcs[1]);
  arcs.slice(2).forEach(encodeArc);
  return tlv(Tag.OID, Buffer.from(bytes));
}

export function decodeOid(content: Buffer): string {
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

/** A non-negative INTEGER from unsigned big-endian bytes (a leading 0x00 keeps the sign bit clear). */
export function unsignedInteger(value: Buffer | number): Buffer {
  let bytes = value;
  if (typeof bytes === 'number') {
    const hex = bytes.toString(16);
    bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) {
    start += 1;
  }
  bytes = bytes.subarray(start);
  return tlv(Tag.INTEGER, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** GeneralizedTime in UTC with milliseconds when non-zero (DER forbids trailing zeros in the fraction). */
export function generalizedTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-01-02T03:04:05.678Z
  let text = iso.slice(0, 19).replace(/[-T:]/g, '');
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  if (fraction) {
    text += `.${fraction}`;
  }
  return tlv(Tag.GENERALIZED_TIME, Buffer.from(`${text}Z`, 'ascii'));
}

export function parseGeneralizedTime(content: Buffer): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(content.toString('ascii'));
  if (!m) {
    throw new Error(`unsupported GeneralizedTime ${content.toString('ascii')}`);
  }
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms));
}

/** Where one element sits in a buffer. `content` is a view, not a copy. */
export interface Element {
  tag: number;
  start: number;
  end: number;
  content: Buffer;
  /** The whole encoding, header included. */
  raw: Buffer;
}

/** Indefinite-length elements inside one another, at most (X.690 BER; real CMS nests a handful). */
const MAX_INDEFINITE_DEPTH = 32;

/**
 * One element at `offset`. DER, and BER's indefinite length on constructed
 * elements (X.690 §8.1.3.6: content up to an end-of-contents 00 00), which
 * NSS and `openssl cms -stream` write around a CMS SignedData; its `content`
 * then excludes the end-of-contents, so childrenOf reads it as it reads DER.
 */
export function readElement(buffer: Buffer, offset = 0, depth = 0): Element {
  if (offset + 2 > buffer.length) {
    throw new Error('DER: truncated header');
  }
  const tag = buffer[offset];
  if ((tag & 0x1f) === 0x1f) {
    throw new Error('DER: multi-byte tags are not supported');
  }
  let length = buffer[offset + 1];
  let header = 2;
  if (length === 0x80) {
    return readIndefinite(buffer, offset, depth);
  }
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count > 4 || offset + 2 + count > buffer.length) {
      throw new Error('DER: unsupported length');
    }
    length = 0;
    for (let i = 0; i < count; i += 1) {
      length = length * 256 + buffer[offset + 2 + i];
    }
    header += count;
  }
  const end = offset + header + length;
  if (end > buffer.length) {
    throw new Error('DER: element runs past the end of its container');
  }
  return {
    tag,
    start: offset,
    end,
    content: buffer.subarray(offset + header, end),
    raw: buffer.subarray(offset, end),
  };
}

function readIndefinite(buffer: Buffer, offset: number, depth: number): Element {
  if ((buffer[offset] & 0x20) === 0) {
    throw new Error('BER: indefinite length on a primitive element');
  }
  if (depth >= MAX_INDEFINITE_DEPTH) {
    throw new Error('BER: indefinite lengths nested too deeply');
  }
  let at = offset + 2;
  while (!(buffer[at] === 0 && buffer[at + 1] === 0)) {
    if (at + 2 > buffer.length) {
      throw new Error('BER: no end-of-contents');
    }
    at = readElement(buffer, at, depth + 1).end;
  }
  return {
    tag: buffer[offset],
    start: offset,
    end: at + 2,
    content: buffer.subarray(offset + 2, at),
    raw: buffer.subarray(offset, at + 2),
  };
}

/** An OCTET STRING's bytes, BER's constructed form (segments, tag 0x24) joined. */
export function octetStringValue(element: Element, depth = 0): Buffer {
  if (element.tag === Tag.OCTET_STRING) {
    return element.content;
  }
  if (element.tag !== (Tag.OCTET_STRING | 0x20) || depth >= MAX_INDEFINITE_DEPTH) {
    throw new Error('BER: not an OCTET STRING');
  }
  return Buffer.concat(childrenOf(element).map((segment) => octetStringValue(segment, depth + 1)));
}

/** The element in DER's definite-length form, re-tagged as `tag` (its members are kept as they were written). */
export function definiteForm(element: Element, tag: number): Buffer {
  if (element.raw[1] !== 0x80) {
    const copy = Buffer.from(element.raw);
    copy[0] = tag;
    return copy;
  }
  return tlv(tag, ...childrenOf(element).map((child) => child.raw));
}

/** The elements directly inside a constructed element. */
export function childrenOf(element: Element): Element[] {
  const children: Element[] = [];
  for (let offset = 0; offset < element.content.length;) {
    const child = readElement(element.content, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}
