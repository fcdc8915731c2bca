import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { storedPdfLimit } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { CommonErrors } from '@app/contracts';

/**
 * Timeouts of the HTTP server. Headers must be complete within
 * HTTP_HEADERS_TIMEOUT_MS (Node checks every second, so a client sending a
 * byte a second is cut within a second of it); bodies are held to their
 * route's deadline by the request edge, and Node's requestTimeout is only
 * the backstop for the longest upload. Idle keep-alive connections close
 * after 5 s.
 */
export function serverOptions(config: AppConfig) {
  const longestUploadMs =
    config.HTTP_BODY_TIMEOUT_MS +
    Math.ceil(((storedPdfLimit(config.BLOB_MAX_BYTES) * 4) / 3 / config.HTTP_UPLOAD_MIN_BYTES_PER_SECOND) * 1000);
  const requestTimeout = config.HTTP_HEADERS_TIMEOUT_MS + longestUploadMs;
  const keepAliveTimeout = 5_000;
  return {
    requestTimeout,
    keepAliveTimeout,
    frameworkErrors: refuseUnreadableUrl,
    // A socket with no traffic at all for this long is closed whatever it is doing.
    connectionTimeout: Math.max(config.HTTP_BODY_TIMEOUT_MS, 60_000),
    serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void): Server =>
      createServer(
        { headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS, requestTimeout, keepAliveTimeout, connectionsCheckingInterval: 1_000 },
        handler,
      ),
  };
}

/**
 * What Fastify refuses before any route runs (a URL whose percent-encoding is
 * broken, `/api/x/%E0%A4%A`) answers in the platform's error shape, in both
 * languages, instead of Fastify's own JSON.
 */
function refuseUnreadableUrl(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { ja, en } = CommonErrors.VALIDATION_FAILED;
  void reply
    .code(400)
    .header('content-type', 'application/json; charset=utf-8')
    .send({
      error: {
        code: 'VALIDATION_FAILED',
        status: 400,
        message: { ja, en },
        details: [
          {
            path: '(url)',
            message: `The URL could not be read (${error.code}): check its percent-encoding.`,
            messageJa: 'URLを読み取れませんでした。パーセントエンコードを確認してください。',
          },
        ],
      },
      requestId: request.id,
    });
}
