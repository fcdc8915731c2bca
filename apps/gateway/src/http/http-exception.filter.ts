import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { formatMegabytes } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { AppError, CommonErrorCode, CommonErrors, ErrorReply } from '@app/contracts';
import { CONFIG, LOGGER } from '@app/messaging';

const byStatus: Record<number, CommonErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
  504: 'TIMEOUT',
};

/** Every error leaves the gateway as `{ error: { code, status, message: { ja, en } }, requestId }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = this.toErrorReply(exception, request);
    // JSON whatever the route would have answered (a CRL, a timestamp reply).
    void reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send({ error, requestId: request.id });
  }

  private toErrorReply(exception: unknown, request: FastifyRequest): ErrorReply {
    if (exception instanceof AppError) {
      return exception.reply;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 415) {
        return {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          status,
          message: {
            ja: '本文はJSON（Content-Type: application/json）で送信してください。',
            en: 'Send the body as JSON (Content-Type: application/json).',
          },
        };
      }
      if (status === 413) {
        return this.bodyTooLarge();
      }
      const code = byStatus[status] ?? 'INTERNAL';
      const { ja, en } = CommonErrors[code];
      // A 400 that reaches here never met a contract: the body itself could not be read.
      const details =
        status === 400
          ? [{ path: '(body)', message: exception.message, messageJa: '本文を読み取れませんでした。JSONの形式を確認してください。' }]
          : undefined;
      return { code, status, message: { ja, en }, ...(details ? { details } : {}) };
    }
    this.logger.error({ err: exception, requestId: request.id, url: request.url }, 'unhandled error');
    return AppError.of('INTERNAL').reply;
  }

  /** A body over the gateway's limit (a PDF as base64 plus the other fields) never reached a service: name the PDF limit. */
  private bodyTooLarge(): ErrorReply {
    const limit = formatMegabytes(this.config.BLOB_MAX_BYTES);
    return {
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
      message: {
        ja: `ファイルが大きすぎます（PDFの上限 ${limit}）。`,
        en: `The file is too large (PDFs up to ${limit} are accepted).`,
      },
    };
  }
}
