import { createHash } from 'node:crypto';
import getPageRef from '@signpdf/placeholder-plain/dist/getPageRef';
import readPdf from '@signpdf/placeholder-plain/dist/readPdf';

/** A PDF this writer cannot extend: the caller turns it into the platform's error. */
export class LongTermPdfError extends Error {}

/** An indirect reference as written in a PDF: `12 0 R`. */
export type Ref = `${number} ${number} R`;

function ref(number: number): Ref {
  return `${number} 0 R`;
}

/** What the last trailer says, and where the latest definition of each object starts. */
export interface PdfTail {
  /** The last trailer's /Size: the next object number. */
  readonly size: number;
  readonly rootRef: string;
  readonly infoRef?: string;
  /** The first element of /ID (hex), kept by every update; absent when the file has none. */
  readonly firstId?: string;
  /** Where the last xref section starts (the new trailer's /Prev). */
  readonly lastXref: number;
  readonly offsets: Map<number, number>;
}

const TRAILER_TAIL = 4096;

/**
 * The last trailer and the full cross-reference table of a PDF with classic
 * xref tables (what preparePdfForSigning and every signature write). A file
 * whose last section is an xref stream is refused.
 */
export function readTail(pdf: Buffer): PdfTail {
  const startxref = pdf.lastIndexOf('startxref');
  if (startxref === -1) {
    throw new LongTermPdfError('no startxref');
  }
  const lastXref = Number(/startxref\s+(\d+)/.exec(pdf.toString('latin1', startxref, startxref + 40))?.[1]);
  if (!Number.isInteger(lastXref) || pdf.toString('latin1', lastXref, lastXref + 4) !== 'xref') {
    throw new LongTermPdfError('the last cross-reference section is not a classic xref table');
  }
  const trailerAt = pdf.lastIndexOf('trailer', startxref);
  if (trailerAt === -1 || trailerAt < lastXref) {
    throw new LongTermPdfError('no trailer');
  }
  const trailer = pdf.toString('latin1', trailerAt, Math.min(startxref, trailerAt + TRAILER_TAIL));
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
  const rootRef = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  if (!Number.isInteger(size) || !rootRef) {
    throw new LongTermPdfError('the trailer has no /Size or /Root');
  }
  const infoRef = /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  const firstId = /\/ID\s*\[\s*<([0-9A-Fa-f]*)>/.exec(trailer)?.[1];
  let offsets: Map<number, number>;
  try {
    offsets = readPdf(pdf).xref.offsets;
  } catch (error) {
    throw new LongTermPdfError(`unreadable cross-reference table: ${(error as Error).message}`);
  }
  return { size, rootRef, ...(infoRef ? { infoRef } : {}), ...(firstId ? { firstId } : {}), lastXref, offsets };
}

/** The text of an object's latest definition between `obj` and `endobj` (latin1), or undefined. */
export function objectBody(pdf: Buffer, tail: PdfTail, reference: string): string | undefined {
  const number = Number(/^(\d+)/.exec(reference.trim())?.[1]);
  const offset = tail.offsets.get(number);
  if (offset === undefined) {
    return undefined;
  }
  const open = pdf.indexOf('obj', offset);
  const close = pdf.indexOf('endobj', open);
  if (open === -1 || close === -1) {
    return undefined;
  }
  return pdf.toString('latin1', open + 3, close).trim();
}

/** The raw bytes of a stream object's data (its /Length read from the dictionary; only a direct /Length). */
export function streamData(pdf: Buffer, tail: PdfTail, reference: string): Buffer | undefined {
  const number = Number(/^(\d+)/.exec(reference.trim())?.[1]);
  const offset = tail.offsets.get(number);
  if (offset === undefined) {
    return undefined;
  }
  const streamAt = pdf.indexOf('stream', offset);
  const dictionary = pdf.toString('latin1', offset, streamAt);
  const length = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary)?.[1]);
  if (streamAt === -1 || !Number.isInteger(length) || /\/Filter/.test(dictionary)) {
    return undefined;
  }
  let start = streamAt + 'stream'.length;
  if (pdf[start] === 0x0d) {
    start += 1;
  }
  if (pdf[start] === 0x0a) {
    start += 1;
  }
  return pdf.subarray(start, start + length);
}

/** The first page's reference, as placeholder-plain finds it. */
export function firstPageRef(pdf: Buffer): string {
  return getPageRef(pdf, readPdf(pdf));
}

/** The value of `/Key` in a dictionary's text when it is a reference. */
export function refEntry(dictionary: string, key: string): string | undefined {
  return new RegExp(`/${key}\\s+(\\d+\\s+\\d+\\s+R)`).exec(dictionary)?.[1];
}

/** The references listed in `/Key [ … ]` of a dictionary's text (an array of references only). */
export function refArray(dictionary: string, key: string): string[] | undefined {
  const match = new RegExp(`/${key}\\s*\\[([\\d\\sR]*)\\]`).exec(dictionary);
  return match ? [...match[1].matchAll(/(\d+)\s+(\d+)\s+R/g)].map((m) => `${m[1]} ${m[2]} R`) : undefined;
}

/** A dictionary's text with `/Key value` set (replacing a reference or array value, or added before the closing `>>`). */
export function withEntry(dictionary: string, key: string, value: string): string {
  const existing = new RegExp(`/${key}(\\s+\\d+\\s+\\d+\\s+R|\\s*\\[[^\\]]*\\]|\\s*/\\w+|\\s+\\d+)`);
  if (existing.test(dictionary)) {
    return dictionary.replace(existing, () => `/${key} ${value}`);
  }
  const close = dictionary.lastIndexOf('>>');
  if (close === -1) {
    throw new LongTermPdfError(`not a dictionary: cannot set /${key}`);
  }
  return `${dictionary.slice(0, close).trimEnd()}\n/${key} ${value}\n>>`;
}

/** One object to append: a dictionary's text, or a stream with its dictionary (the /Length is written here). */
export type NewObject = { readonly number: number; readonly dictionary: string } | { readonly number: number; readonly stream: Buffer };

/** Where the appended update put the signature's hole, for `fillSignature`. */
export interface AppendedUpdate {
  readonly pdf: Buffer;
  /** The byte range the signature covers: [0, holeStart, holeEnd, length − holeEnd]. */
  readonly byteRange: [number, number, number, number];
}

const BYTE_RANGE_MARK = '/ByteRange [0 0000000000 0000000000 0000000000]';

/** `/ByteRange` and `/Contents` of a signature dictionary whose hole `appendUpdate` fills in. */
export function signatureEntries(contentsBytes: number): string {
  return `${BYTE_RANGE_MARK}\n/Contents <${'0'.repeat(contentsBytes * 2)}>`;
}

/**
 * Appends one incremental update: the objects, an xref section listing each
 * (by number, with subsections), and a trailer with /Size one past the
 * highest number, the same /Root and /Info, /Prev at the last xref section
 * and /ID (its first element kept; a file without one gets one). If an
 * object holds `signatureEntries`, its /ByteRange is written as the range
 * around its /Contents.
 */
export function appendUpdate(pdf: Buffer, tail: PdfTail, objects: readonly NewObject[]): AppendedUpdate {
  const chunks: Buffer[] = [];
  let length = pdf.length;
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) {
    push(Buffer.from('\n'));
  }
  const offsets = new Map<number, number>();
  let signatureAt: number | undefined;
  for (const object of objects) {
    offsets.set(object.number, length);
    if ('stream' in object) {
      push(Buffer.from(`${object.number} 0 obj\n<< /Length ${object.stream.length} >>\nstream\n`, 'latin1'));
      push(object.stream);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else {
      const text = `${object.number} 0 obj\n${object.dictionary}\nendobj\n`;
      const mark = text.indexOf(BYTE_RANGE_MARK);
      if (mark !== -1) {
        signatureAt = length + Buffer.byteLength(text.slice(0, mark), 'latin1');
      }
      push(Buffer.from(text, 'latin1'));
    }
  }
  const xrefAt = length;
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const lines = ['xref', '0 1', '0000000000 65535 f '];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) {
      j += 1;
    }
    lines.push(`${numbers[i]} ${j - i + 1}`);
    for (let k = i; k <= j; k += 1) {
      lines.push(`${String(offsets.get(numbers[k])).padStart(10, '0')} 00000 n `);
    }
    i = j + 1;
  }
  const size = Math.max(tail.size, numbers[numbers.length - 1] + 1);
  const body = Buffer.concat([pdf, ...chunks]);
  const firstId =
    tail.firstId ??
    createHash('md5')
      .update(pdf.subarray(0, Math.min(pdf.length, 65_536)))
      .digest('hex');
  const secondId = createHash('md5').update(body).update(String(Date.now())).digest('hex');
  const trailer = [
    ...lines,
    'trailer',
    '<<',
    `/Size ${size}`,
    `/Root ${tail.rootRef}`,
    ...(tail.infoRef ? [`/Info ${tail.infoRef}`] : []),
    `/ID [<${firstId}> <${secondId}>]`,
    `/Prev ${tail.lastXref}`,
    '>>',
    'startxref',
    String(xrefAt),
    '%%EOF',
    '',
  ].join('\n');
  const out = Buffer.concat([body, Buffer.from(trailer, 'latin1')]);
  if (signatureAt === undefined) {
    return { pdf: out, byteRange: [0, 0, 0, 0] };
  }
  const contentsAt = out.indexOf('/Contents <', signatureAt) + '/Contents '.length;
  const holeEnd = out.indexOf('>', contentsAt) + 1;
  const byteRange: [number, number, number, number] = [0, contentsAt, holeEnd, out.length - holeEnd];
  out.write(`/ByteRange [${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_MARK.length, ' '), signatureAt, 'latin1');
  return { pdf: out, byteRange };
}

/** The SHA-256 of what a byte range covers. */
export function byteRangeDigest(pdf: Buffer, [, holeStart, holeEnd]: readonly number[]): Buffer {
  return createHash('sha256').update(pdf.subarray(0, holeStart)).update(pdf.subarray(holeEnd)).digest();
}

/** Writes the signature's DER into its hole (hex; the rest stays zeros). False if it does not fit. */
export function fillSignature(update: AppendedUpdate, der: Buffer): boolean {
  const [, holeStart, holeEnd] = update.byteRange;
  if (der.length * 2 > holeEnd - holeStart - 2) {
    return false;
  }
  update.pdf.write(der.toString('hex'), holeStart + 1, 'latin1');
  return true;
}

export { ref };

/** The validation data of a PDF's document security store (the latest /DSS), DER each; empty without one. */
export function readDss(pdf: Buffer): { certs: Buffer[]; crls: Buffer[]; ocsps: Buffer[] } {
  const empty = { certs: [], crls: [], ocsps: [] };
  try {
    const tail = readTail(pdf);
    const catalog = objectBody(pdf, tail, tail.rootRef);
    const dssRef = catalog && refEntry(catalog, 'DSS');
    const dss = dssRef && objectBody(pdf, tail, dssRef);
    if (!dss) {
      return empty;
    }
    const read = (key: string) =>
      (refArray(dss, key) ?? []).flatMap((reference) => {
        const data = streamData(pdf, tail, reference);
        return data ? [Buffer.from(data)] : [];
      });
    return { certs: read('Certs'), crls: read('CRLs'), ocsps: read('OCSPs') };
  } catch {
    // A file this reader cannot follow has no DSS it can use; validation goes on without.
    return empty;
  }
}
