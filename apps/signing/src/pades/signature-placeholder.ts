import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit010';
import createBufferPageWithAnnotation from '@signpdf/placeholder-plain/dist/createBufferPageWithAnnotation';
import createBufferRootWithAcroform from '@signpdf/placeholder-plain/dist/createBufferRootWithAcroform';
import createBufferTrailer from '@signpdf/placeholder-plain/dist/createBufferTrailer';
import findObject from '@signpdf/placeholder-plain/dist/findObject';
import getIndexFromRef from '@signpdf/placeholder-plain/dist/getIndexFromRef';
import getPageRef from '@signpdf/placeholder-plain/dist/getPageRef';
import readPdf from '@signpdf/placeholder-plain/dist/readPdf';
import { PDFAbstractReference, PDFKitReferenceMock, PDFObject, removeTrailingNewLine } from '@signpdf/utils';
import { dictionaryEntries } from './dictionary-entries';

/** What plainAddPlaceholder takes (the fields we use). */
export interface PlaceholderInput {
  readonly pdfBuffer: Buffer;
  readonly reason: string;
  readonly contactInfo: string;
  readonly name: string;
  readonly location: string;
  readonly signingTime?: Date;
  readonly signatureLength?: number;
  readonly subFilter?: string;
  readonly appName?: string;
}

const NEWLINE = Buffer.from('\n');

/** Options of ours, beyond what plainAddPlaceholder does. */
export interface PlaceholderOptions {
  /**
   * Write the trailer right, where placeholder-plain slips (qpdf warns):
   * `startxref` at `xref` itself, not at the end-of-line before it, and a
   * /Size that counts the highest object number written (a re-used AcroForm
   * number is not a new object), never below the previous trailer's.
   */
  readonly repairTrailer?: boolean;
}

/**
 * Stands for the signature's /Contents while its dictionary is written: the
 * placeholder's zeros are then put in as bytes, instead of being written as a
 * string of hex text and encoded again.
 */
class ContentsMark extends PDFAbstractReference {
  static readonly text = '\u0000inkan-contents\u0000';
  override toString(): string {
    return ContentsMark.text;
  }
}
const CONTENTS_MARK = new ContentsMark();

/** A value written as the text it already had in the file. */
class RawValue extends PDFAbstractReference {
  constructor(private readonly text: string) {
    super();
  }
  override toString(): string {
    return this.text;
  }
}

/** What placeholder-pdfkit010 writes into the AcroForm it re-uses; every other entry of it is kept. */
const REWRITTEN_ACRO_FORM_KEYS = new Set(['Type', 'SigFlags', 'Fields']);

/**
 * The entries of the existing AcroForm besides those the placeholder
 * writes (/DR, /DA, /NeedAppearances …): placeholder-pdfkit010 re-writes the
 * AcroForm as only /Type, /SigFlags and /Fields, which would drop the form's
 * default resources and appearance.
 */
function keptAcroFormEntries(pdf: Buffer, xref: ReturnType<typeof readPdf>['xref'], acroFormRef: string): Record<string, RawValue> {
  const text = findObject(pdf, xref as never, acroFormRef).toString('latin1');
  const kept: Record<string, RawValue> = {};
  for (const [key, value] of dictionaryEntries(text)) {
    if (!REWRITTEN_ACRO_FORM_KEYS.has(key)) {
      kept[key] = new RawValue(value);
    }
  }
  return kept;
}
/** Zeros as long as the last placeholder checked (a signer's placeholders mostly keep one size). */
let zeros = Buffer.alloc(0);

/** `<00…00>` for a placeholder of `bytes` zeros, as PDFObject writes it. */
function zeroHexString(bytes: number): Buffer {
  const hex = Buffer.alloc(2 * bytes + 2, '0');
  hex[0] = 0x3c;
  hex[hex.length - 1] = 0x3e;
  return hex;
}

/** Whether `bytes` are all zeros. */
function isAllZeros(bytes: Buffer): boolean {
  if (zeros.length !== bytes.length) {
    zeros = Buffer.alloc(bytes.length);
  }
  return bytes.equals(zeros);
}

/** `index 0 obj … endobj`, as placeholder-plain writes it (PDFObject), the placeholder's zeros put in as bytes. */
function indirectObject(index: number, object: unknown): Buffer {
  const contents = (object as { Contents?: unknown } | undefined)?.Contents;
  if (Buffer.isBuffer(contents) && isAllZeros(contents)) {
    const text = PDFObject.convert({ ...(object as object), Contents: CONTENTS_MARK }) as string;
    const at = text.indexOf(ContentsMark.text);
    return Buffer.concat([
      Buffer.from(`${index} 0 obj\n${text.slice(0, at)}`),
      zeroHexString(contents.length),
      Buffer.from(`${text.slice(at + ContentsMark.text.length)}\nendobj\n`),
    ]);
  }
  return Buffer.from(`${index} 0 obj\n${PDFObject.convert(object)}\nendobj\n`);
}

const SIZE = /\/Size\s+(\d+)/;

/** The /Size of the file's last trailer (0 if none is found). */
function lastTrailerSize(pdf: Buffer): number {
  const trailer = pdf.lastIndexOf('trailer');
  return trailer === -1 ? 0 : Number(SIZE.exec(pdf.subarray(trailer).toString('latin1'))?.[1] ?? 0);
}

const ACRO_FORM_REF = /\/AcroForm\s+(\d+\s\d+\sR)/;

function acroFormRefIn(text: string): string | undefined {
  return ACRO_FORM_REF.exec(text)?.[1] || undefined;
}

const ACRO_FORM = Buffer.from('/AcroForm');
const ACRO_FORM_REF_HERE = /^\/AcroForm\s+\d+\s\d+\sR/;

/** Bytes that `\s` or `\d` matches in a latin1 reading: tab to carriage return, space, no-break space, digits. */
function isSpaceOrDigit(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x20 || byte === 0xa0 || (byte >= 0x30 && byte <= 0x39);
}

/**
 * Whether ACRO_FORM_REF matches anywhere in the latin1 reading of `pdf`,
 * without reading a large file into a string: at each `/AcroForm`, only the
 * run of spaces and digits after it (and the byte ending it) can take part
 * in a match, so only that is read. Looked for from the end: a signed file's
 * reference is in its last sections, after its signatures' placeholders.
 */
export function hasAcroFormRef(pdf: Buffer): boolean {
  for (let at = pdf.lastIndexOf(ACRO_FORM); at !== -1; at = at === 0 ? -1 : pdf.lastIndexOf(ACRO_FORM, at - 1)) {
    let end = at + ACRO_FORM.length;
    while (end < pdf.length && isSpaceOrDigit(pdf[end])) {
      end += 1;
    }
    if (ACRO_FORM_REF_HERE.test(pdf.toString('latin1', at, end + 1))) {
      return true;
    }
  }
  return false;
}

/**
 * @signpdf/placeholder-plain's `plainAddPlaceholder` (3.3.0, MIT), appending
 * the same bytes at a fraction of the cost: the original decodes the whole
 * file as UTF-8 to look for an `/AcroForm n g R` reference and copies the
 * whole file once for every object it appends, which was most of a receiver
 * signature's time after the private-key operations. Here the appended
 * section is collected on its own and joined once, and the reference is
 * looked for only where `/AcroForm` occurs, in a latin1 reading (the same
 * ASCII text). The parsing and the
 * objects written are placeholder-plain's own functions, so the output is
 * byte for byte what `plainAddPlaceholder` writes (pdf-preparation.spec.ts).
 */
export function addSignaturePlaceholder(input: PlaceholderInput, options: PlaceholderOptions = {}): Buffer {
  const pdf = removeTrailingNewLine(input.pdfBuffer);
  const info = readPdf(pdf);
  const pageRef = getPageRef(pdf, info);
  const pageIndex = getIndexFromRef(info.xref, pageRef);
  const addedReferences = new Map<number, number>();
  const appended: Buffer[] = [];
  let length = pdf.length;
  const append = (chunk: Buffer) => {
    appended.push(NEWLINE, chunk);
    length += NEWLINE.length + chunk.length;
  };

  const acroFormRef = acroFormRefIn(info.root.toString());
  const pdfKitMock = {
    ref: (object: unknown, knownIndex?: number) => {
      info.xref.maxIndex += 1;
      const index = knownIndex ?? info.xref.maxIndex;
      addedReferences.set(index, length + 1);
      // Only the re-used AcroForm comes with a known number.
      const written =
        knownIndex !== undefined && acroFormRef ? { ...(object as object), ...keptAcroFormEntries(pdf, info.xref, acroFormRef) } : object;
      append(indirectObject(index, written));
      // As the original: the new highest number, even for a re-used one.
      return new PDFKitReferenceMock(info.xref.maxIndex);
    },
    page: { dictionary: new PDFKitReferenceMock(pageIndex, { data: { Annots: [] } }) },
    _root: { data: {} as { AcroForm?: string } },
  };
  if (acroFormRef) {
    pdfKitMock._root.data.AcroForm = acroFormRef;
  }
  const { form, widget } = pdfkitAddPlaceholder({
    pdf: pdfKitMock,
    pdfBuffer: input.pdfBuffer,
    reason: input.reason,
    contactInfo: input.contactInfo,
    name: input.name,
    location: input.location,
    signingTime: input.signingTime,
    signatureLength: input.signatureLength,
    subFilter: input.subFilter,
    appName: input.appName,
  }) as { form: PDFKitReferenceMock; widget: PDFKitReferenceMock };

  const referenced = hasAcroFormRef(pdf) || appended.some((chunk) => hasAcroFormRef(chunk));
  if (!referenced) {
    addedReferences.set(getIndexFromRef(info.xref, info.rootRef), length + 1);
    append(createBufferRootWithAcroform(pdf, info, form));
  }
  addedReferences.set(pageIndex, length + 1);
  append(createBufferPageWithAnnotation(pdf, info, pageRef, widget));
  if (options.repairTrailer) {
    // xref starts after the end-of-line `append` puts before it; the objects written are the references added.
    const size = Math.max(lastTrailerSize(pdf), Math.max(...addedReferences.keys()) + 1);
    append(createBufferTrailer({ length: length + 1 } as Buffer, { ...info, xref: { ...info.xref, maxIndex: size - 1 } }, addedReferences));
  } else {
    // The trailer reads only the file's length so far (its startxref).
    append(createBufferTrailer({ length } as Buffer, info, addedReferences));
  }
  return Buffer.concat([pdf, ...appended], length);
}
