import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { AppError, ErrorReply } from '@app/contracts';
import { Authenticator, DEFAULT_ACCESS } from '../auth/authenticator';
import { gatewayError } from '../auth/gateway-errors';
import { bodyDeadlineMs, defaultPolicy, RoutePolicy, routePolicies } from './route-policies';
import { assertSameOrigin } from './same-origin';

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

declare module 'fastify' {
  interface FastifyContextConfig {
    edgePolicy?: RoutePolicy;
  }
}

/** The policy of the route a request matched (the default one for a 404). */
export function policyOf(request: FastifyRequest, fallback: RoutePolicy): RoutePolicy {
  return request.routeOptions.config?.edgePolicy ?? fallback;
}

/** The body-too-large refusal, naming the route's own limit. */
export function bodyTooLarge(policy: RoutePolicy): AppError {
  return new AppError({
    code: 'PAYLOAD_TOO_LARGE',
    status: 413,
    message: { ja: `本文が大きすぎます（${policy.limitText.ja}）。`, en: `The request body is too large (${policy.limitText.en}).` },
  });
}

/**
 * What the gateway decides about a request before reading its body: that a
 * browser sent it from our own origin (a state change), that its body is of
 * a type and announced size the route takes, that it arrives in time, and —
 * on the routes that take PDFs — who is calling. Each refusal is answered
 * at once, without reading the body (Node discards what still arrives).
 */
export function installRequestEdge(fastify: FastifyInstance, config: AppConfig, authenticator: () => Authenticator): void {
  const fallback = defaultPolicy(config);
  const policies = routePolicies(config);
  const publicOrigin = new URL(config.PUBLIC_BASE_URL).origin;

  // Before the routes are registered (app.init): each gets its body limit and policy.
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const policy = methods.map((method) => policies[`${method} ${route.url}`]).find(Boolean) ?? fallback;
    route.bodyLimit = policy.bodyLimit;
    route.config = { ...(route.config ?? {}), edgePolicy: policy };
  });

  fastify.addHook('onRequest', async (request, reply) => {
    const policy = policyOf(request, fallback);
    const length = announcedLength(request);
    const hasBody = !NO_BODY_METHODS.has(request.method) && (length === undefined ? 'transfer-encoding' in request.headers : length > 0);
    if (hasBody) {
      armBodyDeadline(request, reply, bodyDeadlineMs(config, policy, length));
    }
    try {
      if (!NO_BODY_METHODS.has(request.method) && request.method !== 'OPTIONS') {
        assertSameOrigin(request, publicOrigin);
      }
      if (hasBody) {
        assertContentType(request, policy);
        if (length !== undefined && length > policy.bodyLimit) {
          throw bodyTooLarge(policy);
        }
      }
      if (policy.authenticateFirst) {
        await authenticator().authenticate(request, DEFAULT_ACCESS);
      }
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error;
      }
      return sendError(reply, request, error.reply);
    }
  });
}

function announcedLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined) {
    return undefined;
  }
  const value = Number(header);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function assertContentType(request: FastifyRequest, policy: RoutePolicy): void {
  const essence = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!policy.contentTypes.includes(essence)) {
    const allowed = policy.contentTypes.join(', ');
    const error = gatewayError('UNSUPPORTED_MEDIA_TYPE', [
      { path: '(content-type)', message: `must be one of: ${allowed}`, messageJa: `次のいずれかにしてください: ${allowed}` },
    ]);
    throw error;
  }
}

/**
 * A body that has not fully arrived by its deadline (a client sending a byte
 * a second) is answered 408 and its connection closed: it cannot hold a
 * socket and a parser for longer than the route allows.
 */
function armBodyDeadline(request: FastifyRequest, reply: FastifyReply, deadlineMs: number): void {
  const raw = request.raw;
  const timer = setTimeout(() => {
    if (raw.complete) {
      return;
    }
    // Injected requests (tests) have no real socket.
    const hangUp = () => (typeof raw.socket?.destroy === 'function' ? raw.socket.destroy() : undefined);
    if (reply.raw.headersSent) {
      hangUp();
      return;
    }
    const { ja, en } = gatewayError('REQUEST_TIMEOUT').reply.message;
    const body = JSON.stringify({ error: { code: 'REQUEST_TIMEOUT', status: 408, message: { ja, en } }, requestId: request.id });
    reply.raw.writeHead(408, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
      'x-request-id': String(request.id),
    });
    reply.raw.end(body, hangUp);
  }, deadlineMs);
  timer.unref();
  const clear = () => clearTimeout(timer);
  raw.once('end', clear);
  raw.once('close', clear);
  raw.once('error', clear);
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: ErrorReply): FastifyReply {
  return reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send({ error, requestId: request.id });
}
