import { randomUUID } from 'node:crypto';
import path from 'node:path';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { repoRoot } from '@app/db';
import { PinoNestLogger } from '@app/messaging';
import { METRICS, PlatformMetrics } from '@app/observability';
import { Authenticator } from './auth/authenticator';
import { installRequestEdge } from './edge/request-edge';
import { registerSecurityHeaders } from './edge/security-headers';
import { serverOptions } from './edge/server-options';
import { GatewayModule } from './gateway.module';
import { installHttpMetrics } from './http/http-metrics';
import { serveWebUi } from './http/web-ui';
import { buildAsyncApiDocument } from './openapi/asyncapi-document';
import { buildOpenApiDocument } from './openapi/openapi-document';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface GatewayOptions {
  /** Folder of the built web UI; defaults to dist/web. Not served when absent. */
  webRoot?: string;
  /** Close on SIGTERM/SIGINT; off when several apps share one process (tests). */
  shutdownHooks?: boolean;
}

/** Builds the gateway (not yet listening), so tests and main share one set-up. */
export async function createGatewayApp(config: AppConfig, logger: Logger, options: GatewayOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // A caller's request ID is kept so a trace can start outside inkan.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Small JSON bodies everywhere; the routes that take PDFs get their own limit (edge/route-policies.ts).
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    ...serverOptions(config),
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  await registerSecurityHeaders(app, config);
  installRequestEdge(fastify, config, () => app.get(Authenticator));
  // Registration uploads: read part by part in the route, each with its own limit (uploads/pdf-uploads.ts).
  await app.register(multipart);
  // PDFs to validate, RFC 3161 queries and OCSP requests arrive as raw bytes.
  fastify.addContentTypeParser(
    ['application/pdf', 'application/timestamp-query', 'application/ocsp-request'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  installHttpMetrics(fastify, app.get<PlatformMetrics>(METRICS));
  fastify.addHook('onResponse', async (request, reply) => {
    logger.info(
      { requestId: request.id, method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'http request',
    );
  });

  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  const asyncApi = buildAsyncApiDocument(config.AMQP_PREFIX);
  fastify.get('/api/docs/asyncapi.json', async (_request, reply) => reply.type('application/json').send(asyncApi));

  await serveWebUi(app, options.webRoot ?? path.join(repoRoot(), 'dist', 'web'), logger);
  if (options.shutdownHooks ?? true) {
    app.enableShutdownHooks();
  }
  return app;
}
