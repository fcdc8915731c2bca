import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFPageLeaf, PDFRef } from 'pdf-lib';
import { DERIVED_PDF_HEADROOM_BYTES, formatMegabytes } from '@app/blob-store';
import { AppError } from '@app/contracts';
import { InflationBudget, InflationBudgetExceeded, NestingTooDeep, withLoadLimits } from '../pdf-sandbox/inflation-budget';
import {
  chargeStreams,
  checkDocumentStructure,
  containsSignature,
  findActiveContent,
  PdfStructureError,
} from '../pdf-sandbox/pdf-inspection';
import { pdfActiveContent, pdfMalformed, pdfTooComplex } from '../pdf-sandbox/pdf-refusals';
import { assertSignable, withoutTrailingEol } from './pdf-structure';
import { addSignaturePlaceholder } from './signature-placeholder';
import { pdfTooLarge, signingError } from './signing.errors';

export interface PreparedPdf {
  /** The normalised PDF: what is stored, shown to the parties and signed. */
  readonly pdf: Buffer;
  readonly sha256: string;
  readonly pageCount: number;
}

export const DEFAULT_MAX_PDF_BYTES = 50 * 1024 * 1024;
/** What an upload's streams may decode to in all (PDF_MAX_INFLATED_BYTES). */
export const DEFAULT_MAX_INFLATED_BYTES = 128 * 1024 * 1024;
const INHERITABLE = ['Resources', 'MediaBox', 'CropBox', 'Rotate'].map((name) => PDFName.of(name));

export interface PreparationLimits {
  /** Bytes all the upload's streams may decode to (object streams, content streams, fonts …; not images). */
  readonly maxInflatedBytes?: number;
}

/**
 * Registers an unsigned upload for signing: refuses what cannot be signed
 * safely, then rewrites it once into the shape placeholder-plain can append
 * to — a classic xref table without object streams, the first page a direct
 * child of the page tree, every annotation an indirect object listed in a
 * direct /Annots array, an indirect AcroForm with /Type and /Fields first —
 * and without a trailing end-of-line, so the registered file is byte for
 * byte the first revision of every signed copy.
 *
 * The upload is untrusted: run this in the PDF sandbox (PdfSandbox), never on
 * a service's event loop. What it refuses, and why: docs/security.md.
 */
export async function preparePdfForSigning(
  upload: Buffer,
  maxBytes = DEFAULT_MAX_PDF_BYTES,
  limits: PreparationLimits = {},
): Promise<PreparedPdf> {
  if (upload.length > maxBytes) {
    throw pdfTooLarge(maxBytes, upload.length);
  }
  // Trailing bytes after %%EOF (NULs, a stray line) are common and harmless: pdf-lib decides what is readable.
  if (upload.subarray(0, 1024).indexOf('%PDF-') === -1) {
    throw signingError('PDF_MALFORMED');
  }
  // Encrypted files are refused before parsing: pdf-lib cannot read encrypted object streams at all.
  if (declaresEncryption(upload)) {
    throw signingError('PDF_ENCRYPTED');
  }
  const budget = new InflationBudget(limits.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES);
  const document = await loadUntrusted(upload, budget);
  if (document.isEncrypted) {
    throw signingError('PDF_ENCRYPTED');
  }
  const pageCount = inspect(() => checkDocumentStructure(document), budget);
  inspect(() => chargeStreams(document, budget), budget);
  if (inspect(() => containsSignature(document), budget)) {
    throw signingError('PDF_ALREADY_SIGNED');
  }
  const active = inspect(() => findActiveContent(document), budget);
  if (active.length > 0) {
    throw pdfActiveContent(active);
  }
  flattenPageTreeIfNeeded(document);
  indirectAnnotations(document);
  directFirstPageAnnots(document);
  normaliseAcroForm(document);
  const saved = Buffer.from(
    await inspect(() => document.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }), budget),
  );
  const pdf = Buffer.from(withoutTrailingEol(saved) ?? saved);
  // Half the store's headroom above the upload limit is for this rewrite; the other half stays for signatures and time-stamps.
  const rewrittenLimit = maxBytes + DERIVED_PDF_HEADROOM_BYTES / 2;
  if (pdf.length > rewrittenLimit) {
    throw pdfTooLarge(maxBytes, pdf.length, { limit: rewrittenLimit });
  }
  try {
    assertSignable(pdf);
    // A dry run of the placeholder proves the next step will succeed before anything is stored.
    addSignaturePlaceholder({ pdfBuffer: pdf, reason: '', contactInfo: '', name: '', location: '' });
  } catch {
    throw signingError('PDF_UNSUPPORTED_STRUCTURE');
  }
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), pageCount };
}

/** pdf-lib's load, its stream decoding charged to the budget; whatever it cannot read is PDF_MALFORMED. */
async function loadUntrusted(upload: Buffer, budget: InflationBudget): Promise<PDFDocument> {
  try {
    return await withLoadLimits(budget, () =>
      PDFDocument.load(upload, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true }),
    );
  } catch (error) {
    throw refusalFor(error, budget) ?? pdfMalformed('unparseable');
  }
}

/** Runs a step over the parsed document, turning a hostile structure's failure into its refusal. */
function inspect<T>(step: () => T, budget: InflationBudget): T {
  try {
    return step();
  } catch (error) {
    throw refusalFor(error, budget) ?? error;
  }
}

function refusalFor(error: unknown, budget: InflationBudget): AppError | undefined {
  if (error instanceof AppError) {
    return error;
  }
  if (error instanceof InflationBudgetExceeded) {
    return pdfTooComplex('inflation', formatMegabytes(budget.limit));
  }
  if (error instanceof PdfStructureError) {
    return pdfMalformed(error.defect);
  }
  // pdf-lib parses and writes nested objects recursively: the load refuses deep nesting, a stack overflow anywhere else is the same.
  if (error instanceof NestingTooDeep || (error instanceof RangeError && /call stack/i.test(error.message))) {
    return pdfTooComplex('nesting');
  }
  return undefined;
}

/** A trailer or cross-reference stream dictionary naming an /Encrypt dictionary. */
function declaresEncryption(pdf: Buffer): boolean {
  for (let at = pdf.indexOf('/Encrypt'); at !== -1; at = pdf.indexOf('/Encrypt', at + 8)) {
    if (/^\/Encrypt\s*\d+\s+\d+\s+R/.test(pdf.subarray(at, at + 32).toString('latin1'))) {
      return true;
    }
  }
  return false;
}

/** placeholder-plain puts the signature widget on the root's first kid, which must therefore be a page. */
function flattenPageTreeIfNeeded(document: PDFDocument): void {
  const tree = document.catalog.Pages();
  const firstKid = document.context.lookup(tree.Kids().get(0));
  if (firstKid instanceof PDFPageLeaf) {
    return;
  }
  const treeRef = document.catalog.get(PDFName.of('Pages'));
  if (!(treeRef instanceof PDFRef)) {
    throw signingError('PDF_UNSUPPORTED_STRUCTURE');
  }
  const pages = document.getPages();
  for (const page of pages) {
    for (const name of INHERITABLE) {
      const inherited = page.node.getInheritableAttribute(name);
      if (inherited && !page.node.has(name)) {
        page.node.set(name, inherited);
      }
    }
    page.node.set(PDFName.of('Parent'), treeRef);
  }
  tree.set(PDFName.of('Kids'), document.context.obj(pages.map((page) => page.ref)));
  tree.set(PDFName.of('Count'), PDFNumber.of(pages.length));
}

/**
 * Every annotation an indirect object: placeholder-plain adds its widget by
 * text, before the first `]` after `/Annots`, which is inside the first
 * annotation's /Rect when annotations are written inline.
 */
function indirectAnnotations(document: PDFDocument): void {
  for (const page of document.getPages()) {
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) {
      continue;
    }
    for (let index = 0; index < annots.size(); index += 1) {
      const entry = annots.get(index);
      if (entry instanceof PDFDict) {
        annots.set(index, document.context.register(entry));
      }
    }
  }
}

function directFirstPageAnnots(document: PDFDocument): void {
  const page = document.getPage(0).node;
  const annots = page.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    const array = document.context.lookup(annots);
    page.set(PDFName.of('Annots'), array instanceof PDFArray ? array : document.context.obj([]));
  }
}

/** placeholder-plain finds an existing AcroForm by `/Type /AcroForm` and reads the first `[...]` after `/Fields [`. */
function normaliseAcroForm(document: PDFDocument): void {
  const entry = document.catalog.get(PDFName.of('AcroForm'));
  if (!entry) {
    return;
  }
  const form = document.context.lookup(entry);
  if (!(form instanceof PDFDict)) {
    document.catalog.delete(PDFName.of('AcroForm'));
    return;
  }
  const fields = form.lookup(PDFName.of('Fields'));
  const normalised = document.context.obj({});
  normalised.set(PDFName.of('Type'), PDFName.of('AcroForm'));
  normalised.set(PDFName.of('Fields'), fields instanceof PDFArray ? fields : document.context.obj([]));
  for (const [key, value] of form.entries()) {
    if (key !== PDFName.of('Type') && key !== PDFName.of('Fields')) {
      normalised.set(key, value);
    }
  }
  if (entry instanceof PDFRef) {
    document.context.assign(entry, normalised);
  } else {
    document.catalog.set(PDFName.of('AcroForm'), document.context.register(normalised));
  }
}
