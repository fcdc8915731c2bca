import { PDFArray, PDFDict, PDFDocument, PDFName, PDFObject, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';
import { decodeWithinBudget, InflationBudget } from './inflation-budget';

/** Why a PDF's structure is refused: each is a PDF_MALFORMED detail. */
export type StructureDefect =
  'unparseable' | 'no-root' | 'root-not-catalog' | 'no-page-tree' | 'page-tree-cycle' | 'no-pages' | 'page-tree-too-deep';

export class PdfStructureError extends Error {
  constructor(readonly defect: StructureDefect) {
    super(`malformed PDF: ${defect}`);
    this.name = 'PdfStructureError';
  }
}

const name = (text: string) => PDFName.of(text);
const TYPE = name('Type');
const KIDS = name('Kids');
/** Deeper than any real page tree (they are balanced, a few levels); bounds the walk over a hostile one. */
const MAX_PAGE_TREE_DEPTH = 64;

/**
 * The catalog and page tree every reader needs, checked before pdf-lib is
 * asked for pages (it would throw a TypeError on a missing catalog and loop
 * on a page tree that contains itself). Returns the number of pages.
 */
export function checkDocumentStructure(document: PDFDocument): number {
  const { context } = document;
  const root = context.trailerInfo.Root ? context.lookup(context.trailerInfo.Root) : undefined;
  if (!root) {
    throw new PdfStructureError(context.enumerateIndirectObjects().length === 0 ? 'unparseable' : 'no-root');
  }
  if (!(root instanceof PDFDict) || root.get(TYPE) !== name('Catalog')) {
    throw new PdfStructureError('root-not-catalog');
  }
  const top = root.lookup(name('Pages'));
  if (!(top instanceof PDFDict) || top.get(TYPE) !== name('Pages')) {
    throw new PdfStructureError('no-page-tree');
  }
  const seen = new Set<PDFDict>([top]);
  const pending: { node: PDFDict; depth: number }[] = [{ node: top, depth: 0 }];
  let pages = 0;
  while (pending.length > 0) {
    const { node, depth } = pending.pop() as { node: PDFDict; depth: number };
    if (node.get(TYPE) === name('Page')) {
      pages += 1;
      continue;
    }
    if (depth >= MAX_PAGE_TREE_DEPTH) {
      throw new PdfStructureError('page-tree-too-deep');
    }
    const kids = node.lookup(KIDS);
    for (const entry of kids instanceof PDFArray ? kids.asArray() : []) {
      const kid = context.lookup(entry);
      if (!(kid instanceof PDFDict)) {
        continue;
      }
      if (seen.has(kid)) {
        throw new PdfStructureError('page-tree-cycle');
      }
      seen.add(kid);
      pending.push({ node: kid, depth: depth + 1 });
    }
  }
  if (pages === 0) {
    throw new PdfStructureError('no-pages');
  }
  return pages;
}

/** Every dictionary and stream dictionary in the file, direct ones inside others included; each object is visited once. */
export function* dictionaries(document: PDFDocument): Generator<PDFDict> {
  const seen = new Set<PDFObject>();
  const pending: PDFObject[] = document.context.enumerateIndirectObjects().map(([, object]) => object);
  while (pending.length > 0) {
    const object = pending.pop() as PDFObject;
    if (seen.has(object)) {
      continue;
    }
    seen.add(object);
    const dict = object instanceof PDFStream ? object.dict : object;
    if (dict instanceof PDFDict) {
      yield dict;
      for (const [, value] of dict.entries()) {
        if (!(value instanceof PDFRef)) {
          pending.push(value);
        }
      }
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) {
        if (!(value instanceof PDFRef)) {
          pending.push(value);
        }
      }
    }
  }
}

/**
 * Whether the file holds a signature: a signature dictionary (one with a
 * /ByteRange and /Contents, as /Type /Sig and /DocTimeStamp have) anywhere
 * in its object graph. Decided from parsed dictionaries, so text that merely
 * says "/ByteRange" in a content stream does not count.
 */
export function containsSignature(document: PDFDocument): boolean {
  for (const dict of dictionaries(document)) {
    if (dict.has(name('ByteRange')) && dict.has(name('Contents'))) {
      return true;
    }
  }
  return false;
}

/** Kinds of active content, as named to the user. */
export const ActiveContentKinds = {
  javascript: { en: 'JavaScript', ja: 'JavaScript' },
  launch: { en: 'a Launch action (starts a program)', ja: 'Launch アクション（プログラムの起動）' },
  submitForm: { en: 'a SubmitForm action (sends form data)', ja: 'SubmitForm アクション（フォームデータの送信）' },
  importData: { en: 'an ImportData action (imports form data)', ja: 'ImportData アクション（フォームデータの読み込み）' },
  embeddedFile: { en: 'an embedded file', ja: '埋め込みファイル' },
  xfa: { en: 'an XFA form', ja: 'XFA フォーム' },
} as const;
export type ActiveContentKind = keyof typeof ActiveContentKinds;

const ACTIONS: ReadonlyMap<PDFName, ActiveContentKind> = new Map([
  [name('JavaScript'), 'javascript'],
  [name('Launch'), 'launch'],
  [name('SubmitForm'), 'submitForm'],
  [name('ImportData'), 'importData'],
]);

/**
 * Active content found in the file's object graph (object streams
 * included, since pdf-lib has unpacked them into the same graph), in a fixed
 * order. Refused at registration: a contract shown to a counterparty must not
 * run code, start programs, send data anywhere or carry files it does not
 * show. Links (URI, GoTo, named actions) and ordinary forms are allowed.
 */
export function findActiveContent(document: PDFDocument): ActiveContentKind[] {
  const found = new Set<ActiveContentKind>();
  for (const dict of dictionaries(document)) {
    const action = dict.lookup(name('S'));
    const kind = action instanceof PDFName ? ACTIONS.get(action) : undefined;
    if (kind) {
      found.add(kind);
    }
    // A name tree of document scripts, or a script in any dictionary (actions, renditions).
    if (dict.has(name('JS')) || isScriptNameTree(dict)) {
      found.add('javascript');
    }
    if (dict.has(name('EmbeddedFiles')) || dict.has(name('EF')) || dict.get(TYPE) === name('EmbeddedFile')) {
      found.add('embeddedFile');
    }
    if (dict.get(name('Subtype')) === name('FileAttachment')) {
      found.add('embeddedFile');
    }
    if (dict.has(name('XFA'))) {
      found.add('xfa');
    }
  }
  return (Object.keys(ActiveContentKinds) as ActiveContentKind[]).filter((kind) => found.has(kind));
}

/** A /Names dictionary's /JavaScript entry (a name tree of document scripts); an action's /S /JavaScript is a name, not this. */
function isScriptNameTree(dict: PDFDict): boolean {
  const tree = dict.lookup(name('JavaScript'));
  return tree instanceof PDFDict || tree instanceof PDFArray;
}

/**
 * Decodes every stream pdf-lib has not (content streams, forms, fonts …)
 * against the document's budget, so a content stream that inflates to a
 * gigabyte is refused here rather than in a viewer. Image XObjects are left
 * alone: viewers decode them only up to their declared size.
 */
export function chargeStreams(document: PDFDocument, budget: InflationBudget): void {
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && object.dict.get(name('Subtype')) !== name('Image')) {
      decodeWithinBudget(object, budget);
    }
  }
}
