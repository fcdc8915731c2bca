import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { AppError, CommonErrorCode, CommonErrors, ErrorReply } from '@app/contracts';
import { CONFIG, LOGGER } from '@app/messaging';
import { bodyTooLarge, policyOf } from '../edge/request-edge';
import { defaultPolicy } from '../edge/route-policies';

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
        return bodyTooLarge(policyOf(request, defaultPolicy(this.config))).reply;
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
}
