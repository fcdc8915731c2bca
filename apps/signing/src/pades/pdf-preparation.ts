import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFPageLeaf, PDFRef } from 'pdf-lib';
import { DERIVED_PDF_HEADROOM_BYTES } from '@app/blob-store';
import { assertSignable, hasSignatures, withoutTrailingEol } from './pdf-structure';
import { addSignaturePlaceholder } from './signature-placeholder';
import { pdfTooLarge, signingError } from './signing.errors';

export interface PreparedPdf {
  /** The normalised PDF: what is stored, shown to the parties and signed. */
  readonly pdf: Buffer;
  readonly sha256: string;
  readonly pageCount: number;
}

export const DEFAULT_MAX_PDF_BYTES = 50 * 1024 * 1024;
const INHERITABLE = ['Resources', 'MediaBox', 'CropBox', 'Rotate'].map((name) => PDFName.of(name));

/**
 * Registers an unsigned upload for signing: refuses what cannot be signed
 * safely, then rewrites it once into the shape placeholder-plain can append
 * to — a classic xref table without object streams, the first page a direct
 * child of the page tree with a direct /Annots array, an indirect AcroForm
 * with /Type and /Fields first — and without a trailing end-of-line, so the
 * registered file is byte for byte the first revision of every signed copy.
 */
export async function preparePdfForSigning(upload: Buffer, maxBytes = DEFAULT_MAX_PDF_BYTES): Promise<PreparedPdf> {
  if (upload.length > maxBytes) {
    throw pdfTooLarge(maxBytes, upload.length);
  }
  // Trailing bytes after %%EOF (NULs, a stray line) are common and harmless: pdf-lib decides what is readable.
  if (upload.subarray(0, 1024).indexOf('%PDF-') === -1) {
    throw signingError('PDF_MALFORMED');
  }
  if (hasSignatures(upload)) {
    throw signingError('PDF_ALREADY_SIGNED');
  }
  // Encrypted files are refused before parsing: pdf-lib cannot read encrypted object streams at all.
  if (declaresEncryption(upload)) {
    throw signingError('PDF_ENCRYPTED');
  }
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(upload, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    throw signingError('PDF_MALFORMED');
  }
  if (document.isEncrypted) {
    throw signingError('PDF_ENCRYPTED');
  }
  const pageCount = document.getPageCount();
  if (pageCount === 0) {
    throw signingError('PDF_MALFORMED');
  }
  flattenPageTreeIfNeeded(document);
  directFirstPageAnnots(document);
  normaliseAcroForm(document);
  const saved = Buffer.from(await document.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));
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
