import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { BlobStore, StagedFiles } from '@app/blob-store';
import { AppError } from '@app/contracts';
import { DatabaseHandle, openDatabase } from '@app/db';
import { preparePdfForSigning } from '../pades/pdf-preparation';
import { pdfTooLarge, signingError } from '../pades/signing.errors';
import { validatePdfSignatures } from '../validation/pdf-signature.validator';
import { SANDBOX_NICENESS } from './sandbox-niceness';
import { RegisteredReply, SandboxJob, SandboxReply, ValidationTrustBytes } from './sandbox-protocol';

/**
 * A PDF-sandbox worker thread (PdfSandbox starts it): one untrusted PDF at a
 * time, under the memory limit the pool gave it, terminated by the pool when
 * its deadline passes. Nothing here touches the network, the database or
 * keys; it gets bytes and answers bytes or a refusal.
 */
/** A failure of the blob store around the parse: not the file's fault, a 500 for the caller. */
class PlatformFailure extends Error {}

let blobDatabase: { url: string; handle: DatabaseHandle } | undefined;

/** This worker's own connection to the blob store, opened on first use; it goes with the worker. */
function blobs(url: string): DatabaseHandle {
  if (blobDatabase?.url !== url) {
    blobDatabase = { url, handle: openDatabase(url, { poolSize: 1, applicationName: 'inkan-signing-pdf-sandbox' }) };
  }
  return blobDatabase.handle;
}

async function platformStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof AppError ? error : new PlatformFailure((error as Error).message);
  }
}

/** Read from the staging area, prepared, stored: the service gets only the hash back. */
async function register(job: Extract<SandboxJob, { kind: 'register' }>): Promise<RegisteredReply> {
  const { db } = blobs(job.blobDatabaseUrl);
  const upload = await platformStep(() => new StagedFiles(db).read(job.upload));
  const prepared = await preparePdfForSigning(upload, job.maxBytes, { maxInflatedBytes: job.maxInflatedBytes });
  const stored = await platformStep(() => new BlobStore(db, job.storeLimit).put(prepared.pdf));
  return { sha256: stored.sha256, bytes: prepared.pdf.length, pageCount: prepared.pageCount };
}

/** A stored document or a staged upload from the blob store, checked as the handler did before it reached the validator. */
async function storedDocument(job: Extract<SandboxJob, { kind: 'validate-stored' }>): Promise<Buffer> {
  const { db } = blobs(job.blobDatabaseUrl);
  const { document } = job;
  const pdf = await platformStep(() =>
    'sha256' in document ? new BlobStore(db, job.storeLimit).get(document.sha256) : new StagedFiles(db).read(document.upload),
  );
  // A concluded PDF is bigger than its upload by its signatures: anything the store may hold can be checked.
  if (pdf.length > job.storeLimit) {
    throw pdfTooLarge(job.storeLimit, pdf.length);
  }
  if (!pdf.subarray(0, 1024).includes('%PDF-')) {
    throw signingError('PDF_MALFORMED');
  }
  return pdf;
}

async function validate(pdf: Buffer, trust: ValidationTrustBytes): Promise<unknown> {
  const certificates = (list: readonly Uint8Array[]) => list.map((der) => new X509Certificate(Buffer.from(der)));
  const report = await validatePdfSignatures(pdf, {
    roots: certificates(trust.roots),
    intermediates: certificates(trust.intermediates),
    crls: trust.crls.map((crl) => Buffer.from(crl)),
  });
  return JSON.parse(JSON.stringify(report)) as unknown;
}

async function run(job: SandboxJob): Promise<unknown> {
  switch (job.kind) {
    case 'register':
      return register(job);
    case 'validate-stored':
      return validate(await storedDocument(job), job);
    case 'prepare':
      return preparePdfForSigning(Buffer.from(job.pdf.buffer, job.pdf.byteOffset, job.pdf.byteLength), job.maxBytes, {
        maxInflatedBytes: job.maxInflatedBytes,
      });
    case 'validate':
      return validate(Buffer.from(job.pdf.buffer, job.pdf.byteOffset, job.pdf.byteLength), job);
  }
}

function reply(error: unknown): SandboxReply {
  if (error instanceof AppError) {
    return { ok: false, refusal: error.reply };
  }
  if (error instanceof PlatformFailure) {
    return { ok: false, internal: error.message };
  }
  return { ok: false, unexpected: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

try {
  setPriority(SANDBOX_NICENESS);
} catch {
  // Not permitted here (some containers): nothing to do.
}

const port = parentPort;
if (!port) {
  throw new Error('pdf-sandbox.worker runs only as a worker thread (PdfSandbox starts it)');
}
port.on('message', (job: SandboxJob) => {
  run(job).then(
    (value) => {
      const bytes = (value as { pdf?: unknown }).pdf instanceof Uint8Array ? (value as { pdf: Uint8Array }).pdf : undefined;
      // The rewritten PDF moves to the service instead of being copied on its event loop.
      const transfer = bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
      port.postMessage({ ok: true, value } satisfies SandboxReply, transfer);
    },
    (error: unknown) => port.postMessage(reply(error)),
  );
});
port.postMessage('ready');
