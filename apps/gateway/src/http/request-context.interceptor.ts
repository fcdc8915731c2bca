import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { anonymousActor } from '@app/contracts';
import { runInContext } from '@app/messaging';
import { contextFrom, SpanKind, SpanStatusCode, startSpan, withSpan } from '@app/observability';
import { AuthenticatedRequest } from '../auth/auth.decorators';

/**
 * Runs each HTTP handler inside a message context carrying the request ID and
 * the actor the AuthGuard established, so every RPC it sends and every log
 * line it writes carries both — and inside the request's server span (when
 * tracing is on), which continues a caller's `traceparent` header.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const actor = request.actor ?? anonymousActor(String(request.id));
    const route = request.routeOptions.url ?? 'unmatched';
    return new Observable((subscriber) => {
      const span = startSpan(`${request.method} ${route}`, {
        kind: SpanKind.SERVER,
        parent: contextFrom(request.headers),
        attributes: { 'http.request.method': request.method, 'http.route': route, 'inkan.request_id': String(request.id) },
      });
      const end = (error?: unknown) => {
        const status = error === undefined ? reply.statusCode : statusOf(error);
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) {
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      };
      return withSpan(span, () =>
        runInContext({ actor }, () =>
          next.handle().subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              end(error);
              subscriber.error(error);
            },
            complete: () => {
              end();
              subscriber.complete();
            },
          }),
        ),
      );
    });
  }
}

function statusOf(error: unknown): number {
  const status =
    (error as { status?: unknown; getStatus?: () => number } | null)?.getStatus?.() ?? (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 500;
}
