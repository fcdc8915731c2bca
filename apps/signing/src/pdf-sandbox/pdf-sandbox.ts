import path from 'node:path';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { documentWorkAllowanceMs, formatMegabytes, storedPdfLimit } from '@app/blob-store';
import { AppConfig, databaseUrlFor } from '@app/config';
import { AppError } from '@app/contracts';
import { CONFIG, LOGGER } from '@app/messaging';
import { PreparedPdf } from '../pades/pdf-preparation';
import { signingError } from '../pades/signing.errors';
import { PlatformCaService } from '../platform/platform-ca.service';
import { PdfValidationReport } from '../validation/validation-report';
import { pdfMalformed, pdfTooComplex } from './pdf-refusals';
import { SANDBOX_NICENESS } from './sandbox-niceness';
import { PreparedReply, RegisteredReply, SandboxJob, SandboxReply, ValidationTrustBytes } from './sandbox-protocol';
import { WorkerEntry, WorkerJobFailed, WorkerPool } from './worker-pool';

/**
 * The worker's entry beside this file: the built .js under dist/, or the
 * TypeScript source (jest, @swc-node/register), which a worker thread can
 * only load through @swc-node/register, as the repository's scripts do.
 */
export function sandboxWorkerEntry(): WorkerEntry {
  const extension = path.extname(__filename);
  const file = path.join(__dirname, `pdf-sandbox.worker${extension}`);
  if (extension !== '.ts') {
    return { filename: file };
  }
  const register = require.resolve('@swc-node/register');
  // Compiling the worker's sources costs seconds of CPU: done at the worker's low priority (set again by the worker itself).
  const lowPriority = `try { require('node:os').setPriority(${SANDBOX_NICENESS}); } catch {}`;
  return { filename: `${lowPriority} require(${JSON.stringify(register)}); require(${JSON.stringify(file)});`, options: { eval: true } };
}

/**
 * The memory to move to the worker instead of copying: a structured clone of
 * 50 MB held this service's event loop for 90–180 ms, a copy for 40–70 ms;
 * a transfer takes under a millisecond. A buffer that views part of a larger
 * one (a small pooled Buffer) is cloned, which costs little at that size.
 */
function handedOver(pdf: Uint8Array): ArrayBuffer[] {
  const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength && pdf.buffer instanceof ArrayBuffer;
  return whole ? [pdf.buffer] : [];
}

/** The document's size as far as this side knows it (a stored document's only once read: the base deadline). */
function sizeOf(job: SandboxJob): number {
  switch (job.kind) {
    case 'prepare':
    case 'validate':
      return job.pdf.byteLength;
    case 'register':
      return job.upload.sizeBytes;
    case 'validate-stored':
      return 'upload' in job.document ? job.document.upload.sizeBytes : 0;
  }
}

/** Whether the sandbox's workers start with the module (true in the signing service, false in signing-worker processes). */
export const PDF_SANDBOX_AT_START = Symbol('inkan.pdf-sandbox.at-start');

/**
 * Where the signing service reads uploaded (untrusted) PDFs: never on its
 * own event loop, but in a small pool of worker threads, each under a heap
 * cap (PDF_SANDBOX_MEMORY_MB) and a deadline (PDF_SANDBOX_TIMEOUT_MS), with
 * the bytes a document may decompress capped (PDF_MAX_INFLATED_BYTES). A
 * file that exhausts any of them is refused as PDF_TOO_COMPLEX; when every
 * worker is busy and PDF_SANDBOX_QUEUE uploads already wait, the next one is
 * told to retry (PDF_SANDBOX_BUSY). Signing registered PDFs (our own output)
 * does not come here: it stays on the fast path.
 */
@Injectable()
export class PdfSandbox implements OnModuleInit, OnModuleDestroy {
  private started: WorkerPool | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PDF_SANDBOX_AT_START) private readonly atStart: boolean,
    private readonly platform: PlatformCaService,
  ) {}

  /** The signing service starts its workers with itself, so the first upload does not wait for them. */
  onModuleInit(): void {
    if (this.atStart) {
      this.pool();
    }
  }

  /** Started on first use where nothing is expected to come (a signing-worker process). */
  private pool(): WorkerPool {
    this.started ??= new WorkerPool({
      entry: sandboxWorkerEntry(),
      size: this.config.PDF_SANDBOX_WORKERS,
      queueLimit: this.config.PDF_SANDBOX_QUEUE,
      timeoutMs: this.config.PDF_SANDBOX_TIMEOUT_MS,
      memoryMb: this.config.PDF_SANDBOX_MEMORY_MB,
    });
    return this.started;
  }

  /** An upload checked and normalised for signing (preparePdfForSigning, in a worker). `pdf` is handed over: empty afterwards. */
  async prepare(pdf: Buffer, maxBytes: number): Promise<PreparedPdf> {
    const job: SandboxJob = { kind: 'prepare', pdf, maxBytes, maxInflatedBytes: this.config.PDF_MAX_INFLATED_BYTES };
    const prepared = (await this.run(job, 'PDF_UNSUPPORTED_STRUCTURE')) as PreparedReply;
    return { ...prepared, pdf: Buffer.from(prepared.pdf.buffer, prepared.pdf.byteOffset, prepared.pdf.byteLength) };
  }

  /**
   * An upload staged in the blob store, registered for signing: read,
   * checked, normalised and stored by a worker (with its own connection to
   * the store), so the upload's bytes never reach this event loop — parsing
   * and hashing 30 MB here held it for over a second. The reply is what
   * `signing.documents.prepare` answers.
   */
  async register(upload: { id: string; sha256: string; sizeBytes: number }, maxBytes: number): Promise<RegisteredReply> {
    const job: SandboxJob = {
      kind: 'register',
      upload: { id: upload.id, sha256: upload.sha256, sizeBytes: upload.sizeBytes },
      blobDatabaseUrl: databaseUrlFor(this.config, 'blob-store'),
      storeLimit: storedPdfLimit(this.config.BLOB_MAX_BYTES),
      maxBytes,
      maxInflatedBytes: this.config.PDF_MAX_INFLATED_BYTES,
    };
    return (await this.run(job, 'PDF_UNSUPPORTED_STRUCTURE')) as RegisteredReply;
  }

  /** A report for any PDF against our root and `crls`, as SigningEngine.validate makes it, in a worker. `pdf` is handed over: empty afterwards. */
  async validate(pdf: Buffer, crls: readonly Buffer[]): Promise<PdfValidationReport> {
    return (await this.run({ kind: 'validate', pdf, ...this.trust(crls) }, 'PDF_MALFORMED')) as PdfValidationReport;
  }

  /**
   * The same for a stored document (by hash) or a staged upload, read from
   * the blob store by the worker: reading and hashing a 50 MB PDF is not
   * done on this event loop either. Refused as the store or the size limit
   * says (BLOB_NOT_FOUND, UPLOAD_NOT_FOUND, PDF_TOO_LARGE, PDF_MALFORMED).
   */
  async validateStored(
    document: { sha256: string } | { upload: { id: string; sha256: string; sizeBytes: number } },
    crls: readonly Buffer[],
  ): Promise<PdfValidationReport> {
    const job: SandboxJob = {
      kind: 'validate-stored',
      document: 'sha256' in document ? { sha256: document.sha256 } : { upload: { ...document.upload } },
      blobDatabaseUrl: databaseUrlFor(this.config, 'blob-store'),
      storeLimit: storedPdfLimit(this.config.BLOB_MAX_BYTES),
      ...this.trust(crls),
    };
    return (await this.run(job, 'PDF_MALFORMED')) as PdfValidationReport;
  }

  private trust(crls: readonly Buffer[]): ValidationTrustBytes {
    const { ca, issuingAuthorities } = this.platform.engine;
    // Every issuing CA generation: certificates issued before a CA rollover stay verifiable.
    const intermediates = issuingAuthorities.map((issuing) => new Uint8Array(issuing.issuingCertificate.rawData));
    return { roots: [new Uint8Array(ca.root.rawData)], intermediates, crls };
  }

  async onModuleDestroy(): Promise<void> {
    await this.started?.close();
  }

  private async run(job: SandboxJob, otherwise: 'PDF_UNSUPPORTED_STRUCTURE' | 'PDF_MALFORMED'): Promise<unknown> {
    const bytes = sizeOf(job);
    const timeoutMs = this.timeoutFor(bytes);
    let reply: SandboxReply;
    try {
      reply = (await this.pool().run(job, 'pdf' in job ? handedOver(job.pdf) : [], timeoutMs)) as SandboxReply;
    } catch (error) {
      throw this.refusalFor(error, job.kind, bytes, timeoutMs);
    }
    if (reply.ok) {
      return reply.value;
    }
    if ('refusal' in reply) {
      throw new AppError(reply.refusal);
    }
    if ('internal' in reply) {
      throw new Error(`PDF sandbox: the blob store failed: ${reply.internal}`);
    }
    // pdf-lib or the validator failed on a file it could not make sense of: the file's problem, said as such.
    this.logger.warn({ kind: job.kind, bytes, error: reply.unexpected }, 'PDF sandbox: the file could not be processed');
    throw otherwise === 'PDF_MALFORMED' ? pdfMalformed('unparseable') : signingError(otherwise);
  }

  /**
   * PDF_SANDBOX_TIMEOUT_MS, plus the time callers allow per MiB of document
   * (documentWorkAllowanceMs): a 50 MB upload is not held to a 1 KB one's
   * deadline, and the refusal still comes before the caller gives up.
   */
  private timeoutFor(bytes: number): number {
    return this.config.PDF_SANDBOX_TIMEOUT_MS + documentWorkAllowanceMs(bytes);
  }

  private refusalFor(error: unknown, kind: SandboxJob['kind'], bytes: number, timeoutMs: number): Error {
    if (!(error instanceof WorkerJobFailed)) {
      return error as Error;
    }
    this.logger.warn({ kind, bytes, reason: error.reason }, 'PDF sandbox: job stopped');
    switch (error.reason) {
      case 'busy':
        return signingError('PDF_SANDBOX_BUSY');
      case 'timeout':
        return pdfTooComplex('time', `${(timeoutMs / 1000).toLocaleString('en-US')} s`);
      case 'memory':
      case 'crashed':
        return pdfTooComplex('memory', formatMegabytes(this.config.PDF_SANDBOX_MEMORY_MB * 1024 * 1024));
      case 'closed':
        return AppError.of('SERVICE_UNAVAILABLE');
    }
  }
}
