/** What one object written after a signed revision is, judged by what it may change. */
export type AddedObjectKind =
  | 'signature'
  | 'document-timestamp'
  | 'signature-field'
  | 'acroform'
  | 'catalog-signature-entries'
  | 'page-annotations'
  | 'validation-data'
  | 'other';

export interface LaterChanges {
  /** none: the signature covers the whole file; signatures-only / with validation data: allowed (PAdES) updates. */
  readonly verdict: 'none' | 'signatures-only' | 'signatures-and-validation-data' | 'other-changes';
  readonly addedObjects: { object: string; kind: AddedObjectKind }[];
}

interface PdfObject {
  readonly id: string;
  readonly start: number;
  /** Just after `endobj`. */
  readonly end: number;
  readonly body: string;
}

/** A signature update adds four or five objects; far more is not one, and bounds the work on a hostile file. */
const MAX_ADDED_OBJECTS = 1000;

function objectsIn(text: string, offset: number): PdfObject[] {
  const objects: PdfObject[] = [];
  const header = /(?:^|[\r\n\s])(\d+) (\d+) obj\b/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const end = text.indexOf('endobj', header.lastIndex);
    const stop = end === -1 ? text.length : end + 'endobj'.length;
    objects.push({
      id: `${match[1]} ${match[2]}`,
      start: offset + match.index,
      end: offset + stop,
      body: text.slice(header.lastIndex, end === -1 ? text.length : end),
    });
    header.lastIndex = stop;
  }
  return objects;
}

/** A dictionary without whitespace and without the entries a signature update may change. */
function withoutSignatureEntries(body: string): string {
  return body
    .replace(/\/(AcroForm|DSS|Perms)\s*\d+\s+\d+\s+R/g, '')
    .replace(/\/Annots\s*\[[^\]]*\]/g, '')
    .replace(/\s+/g, '');
}

function previousDefinition(text: string, id: string, before: number): string | undefined {
  const header = new RegExp(`(?:^|[\\r\\n\\s])${id} obj\\b`, 'g');
  let last: RegExpExecArray | undefined;
  // The match may begin with the whitespace before the header: compare where the header itself starts.
  for (let match = header.exec(text); match && match.index + match[0].length - `${id} obj`.length < before; match = header.exec(text)) {
    last = match;
  }
  if (!last) {
    return undefined;
  }
  const start = last.index + last[0].length;
  return text.slice(start, text.indexOf('endobj', start));
}

function classify(object: PdfObject, text: string, dssReferences: ReadonlySet<string>): AddedObjectKind {
  const body = object.body;
  const type = /\/Type\s*\/(\w+)/.exec(body)?.[1];
  if (type === 'Sig' && body.includes('/ByteRange')) {
    return 'signature';
  }
  if (type === 'DocTimeStamp') {
    return 'document-timestamp';
  }
  if (/\/FT\s*\/Sig/.test(body) && /\/Subtype\s*\/Widget/.test(body)) {
    return 'signature-field';
  }
  if (type === 'AcroForm') {
    return 'acroform';
  }
  if (type === 'DSS' || type === 'VRI') {
    return 'validation-data';
  }
  if (type === 'Catalog' || type === 'Page') {
    const before = previousDefinition(text, object.id, object.start);
    if (before !== undefined && withoutSignatureEntries(before) === withoutSignatureEntries(body)) {
      return type === 'Catalog' ? 'catalog-signature-entries' : 'page-annotations';
    }
    return 'other';
  }
  // DSS certificate, CRL and OCSP streams carry no /Type: accepted only as new objects a DSS dictionary appended
  // beside them lists (a typeless stream that replaces an earlier object, e.g. a page's content, is a change).
  if (
    dssReferences.has(object.id) &&
    previousDefinition(text, object.id, object.start) === undefined &&
    /^\s*<<[^]*?>>\s*stream/.test(body) &&
    !/\/(Type|Subtype)\b/.test(body.slice(0, body.indexOf('stream')))
  ) {
    return 'validation-data';
  }
  return 'other';
}

/** Whether a stretch between objects holds only whitespace, xref sections and trailers (scanned linearly, no backtracking). */
function onlyCrossReferences(gap: string): boolean {
  let rest = gap.trimStart();
  while (rest.length > 0) {
    const token = /^xref[\s\dnf]*/.exec(rest) ?? /^trailer\s*<<[^]{0,8192}?>>\s*startxref\s*\d+\s*%%EOF/.exec(rest);
    if (!token) {
      return false;
    }
    rest = rest.slice(token[0].length).trimStart();
  }
  return true;
}

/**
 * What was appended after a signed revision: only signatures, their fields
 * and validation data (allowed by PAdES), or anything else (a modification
 * the signer did not sign).
 */
export function laterChanges(pdf: Buffer, revisionEnd: number): LaterChanges {
  if (revisionEnd >= pdf.length) {
    return { verdict: 'none', addedObjects: [] };
  }
  const text = pdf.toString('latin1');
  const added = objectsIn(text.slice(revisionEnd), revisionEnd);
  if (added.length > MAX_ADDED_OBJECTS) {
    return { verdict: 'other-changes', addedObjects: [] };
  }
  // The objects the appended DSS dictionaries list as certificates, CRLs and OCSP answers.
  const dssReferences = new Set<string>();
  for (const object of added) {
    if (/\/Type\s*\/DSS/.test(object.body)) {
      for (const match of object.body.matchAll(/\/(?:Certs|CRLs|OCSPs)\s*\[([\d\sR]*)\]/g)) {
        for (const reference of match[1].matchAll(/(\d+)\s+(\d+)\s+R/g)) {
          dssReferences.add(`${reference[1]} ${reference[2]}`);
        }
      }
    }
  }
  const addedObjects = added.map((object) => ({ object: object.id, kind: classify(object, text, dssReferences) }));
  // Bytes outside any object other than xref tables, trailers and whitespace are a change too.
  let gapStart = revisionEnd;
  let stray = false;
  for (const object of [...added, { start: text.length, end: text.length }]) {
    stray ||= !onlyCrossReferences(text.slice(gapStart, object.start));
    gapStart = object.end;
  }
  if (addedObjects.some((entry) => entry.kind === 'other') || stray || added.length === 0) {
    return { verdict: 'other-changes', addedObjects };
  }
  const validationData = addedObjects.some((entry) => entry.kind === 'validation-data');
  return { verdict: validationData ? 'signatures-and-validation-data' : 'signatures-only', addedObjects };
}
