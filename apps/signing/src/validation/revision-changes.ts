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
  readonly body: string;
}

function objectsIn(text: string, offset: number): PdfObject[] {
  const objects: PdfObject[] = [];
  const header = /(?:^|[\r\n\s])(\d+) (\d+) obj\b/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const end = text.indexOf('endobj', header.lastIndex);
    const body = text.slice(header.lastIndex, end === -1 ? text.length : end);
    objects.push({ id: `${match[1]} ${match[2]}`, start: offset + match.index, body });
    header.lastIndex = end === -1 ? text.length : end;
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
  for (let match = header.exec(text); match && match.index < before; match = header.exec(text)) {
    last = match;
  }
  if (!last) {
    return undefined;
  }
  const start = last.index + last[0].length;
  return text.slice(start, text.indexOf('endobj', start));
}

function classify(object: PdfObject, text: string, hasDss: boolean): AddedObjectKind {
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
  // DSS certificate, CRL and OCSP streams carry no /Type: accepted only beside a DSS dictionary.
  if (hasDss && /^\s*<<[^]*?>>\s*stream/.test(body) && !/\/(Type|Subtype)\b/.test(body.slice(0, body.indexOf('stream')))) {
    return 'validation-data';
  }
  return 'other';
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
  const hasDss = added.some((object) => /\/Type\s*\/DSS/.test(object.body));
  const addedObjects = added.map((object) => ({ object: object.id, kind: classify(object, text, hasDss) }));
  // Bytes outside any object other than xref tables, trailers and whitespace are a change too.
  const stray = text
    .slice(revisionEnd)
    .replace(/(?:^|[\r\n\s])\d+ \d+ obj\b[^]*?endobj/g, '')
    .replace(/xref[\s\dnf]*(?=trailer)/g, '')
    .replace(/trailer\s*<<[^]*?>>\s*startxref\s*\d+\s*%%EOF/g, '')
    .trim();
  if (addedObjects.some((entry) => entry.kind === 'other') || stray.length > 0 || added.length === 0) {
    return { verdict: 'other-changes', addedObjects };
  }
  const validationData = addedObjects.some((entry) => entry.kind === 'validation-data');
  return { verdict: validationData ? 'signatures-and-validation-data' : 'signatures-only', addedObjects };
}
