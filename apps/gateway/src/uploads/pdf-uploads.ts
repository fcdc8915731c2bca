import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { STAGED_FILES, StagedFiles, storedPdfLimit } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { AppError, StagedFileReference } from '@app/contracts';
import { CONFIG, LOGGER } from '@app/messaging';
import { gatewayError } from '../auth/gateway-errors';
import { pdfTooLarge } from './upload.errors';
import { fromBuffer, readLimited, ReadUpload } from './upload-reader';

/** The registration form: the fields as JSON in `contract`, the PDF as the file `pdf`. */
export interface RegistrationForm {
  fields: unknown;
  pdf: ReadUpload;
}

/**
 * Uploaded PDFs at the edge: read with their size checked as they arrive,
 * hashed, and staged in the blob store's staging area, so that only a
 * reference `{ id, sha256, sizeBytes }` crosses RabbitMQ (claim check). The
 * staged bytes are discarded as soon as the service has answered.
 */
@Injectable()
export class PdfUploads {
  /** An upload for registration: at most BLOB_MAX_BYTES. */
  readonly uploadLimit: number;
  /** A PDF to validate: anything the store may hold (a signed PDF outgrows its upload). */
  readonly validationLimit: number;

  constructor(
    @Inject(STAGED_FILES) private readonly files: StagedFiles,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.uploadLimit = config.BLOB_MAX_BYTES;
    this.validationLimit = storedPdfLimit(config.BLOB_MAX_BYTES);
  }

  /** Base64 says its decoded size: what is too large is refused before it is checked or decoded. */
  assertBase64Size(pdfBase64: string): number {
    const decodedSize = Math.floor((pdfBase64.length * 3) / 4) - (pdfBase64.endsWith('==') ? 2 : pdfBase64.endsWith('=') ? 1 : 0);
    if (decodedSize > this.uploadLimit) {
      throw pdfTooLarge(this.uploadLimit, decodedSize, 'pdfBase64');
    }
    return decodedSize;
  }

  fromBase64(pdfBase64: string): ReadUpload {
    const decodedSize = this.assertBase64Size(pdfBase64);
    return fromBuffer(Buffer.from(pdfBase64, 'base64'), this.uploadLimit, () => pdfTooLarge(this.uploadLimit, decodedSize, 'pdfBase64'));
  }

  fromBody(body: Buffer, limit: number): ReadUpload {
    return fromBuffer(body, limit, () => pdfTooLarge(limit, body.length, '(body)'));
  }

  /** Reads multipart/form-data: one `contract` field and one `pdf` file, the file streamed with its limit. */
  async fromForm(request: FastifyRequest): Promise<RegistrationForm> {
    let fields: unknown;
    let pdf: ReadUpload | undefined;
    const limit = this.uploadLimit;
    try {
      // One byte over the limit reaches readLimited, which refuses it (busboy would cut the file there).
      const parts = request.parts({ limits: { fileSize: limit + 1, files: 1, fields: 1, parts: 2, fieldSize: 1024 * 1024 } });
      for await (const part of parts) {
        if (part.type === 'file' && part.fieldname === 'pdf' && !pdf) {
          pdf = await readLimited(part.file, limit, () => pdfTooLarge(limit, limit + 1, 'pdf', true));
        } else if (part.type === 'field' && part.fieldname === 'contract' && fields === undefined) {
          fields = parseJsonField(part.value);
        } else {
          throw gatewayError('UPLOAD_FORM_INVALID');
        }
      }
    } catch (error) {
      throw error instanceof AppError ? error : formError(error, limit);
    }
    if (!pdf || fields === undefined) {
      throw gatewayError('UPLOAD_FORM_INVALID');
    }
    return { fields, pdf };
  }

  /** Stages the upload, hands its reference to `work`, and discards the staged bytes whatever the outcome. */
  async staged<T>(upload: ReadUpload, work: (reference: StagedFileReference) => Promise<T>): Promise<T> {
    const reference = await this.files.stage(upload.bytes, upload.sha256);
    try {
      return await work(reference);
    } finally {
      // A leftover is harmless: the retention prune removes it.
      await this.files.discard(reference.id).catch((error: unknown) => this.logger.warn({ err: error }, 'staged upload not discarded'));
    }
  }

  /** A file a service staged for the gateway (a generated report): read once, then discarded. */
  async take(reference: StagedFileReference): Promise<Buffer> {
    try {
      return await this.files.read(reference);
    } finally {
      await this.files.discard(reference.id).catch((error: unknown) => this.logger.warn({ err: error }, 'staged file not discarded'));
    }
  }
}

function parseJsonField(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    // Sent as application/json, the part arrives parsed (secure-json-parse).
    return value;
  }
  try {
    return JSON.parse(String(value));
  } catch {
    throw gatewayError('UPLOAD_FORM_INVALID', [
      { path: 'contract', message: 'must be the registration as JSON', messageJa: '登録内容をJSONで指定してください' },
    ]);
  }
}

/** What @fastify/multipart refuses (too many parts, a broken form, a field too long): the caller's mistake, never a 500. */
function formError(error: unknown, limit: number): AppError {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return pdfTooLarge(limit, limit + 1, 'pdf', true);
  }
  return gatewayError('UPLOAD_FORM_INVALID', [
    { path: '(body)', message: code || 'the form could not be read', messageJa: 'フォームを読み取れませんでした' },
  ]);
}
