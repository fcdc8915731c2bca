import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { runInContext } from '@app/messaging';

/**
 * Runs each HTTP handler inside a message context carrying the request ID, so
 * every RPC it sends and every log line it writes carries the same ID.
 * (Sessions add the authenticated actor here in the Identity issue.)
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const actor = { kind: 'anonymous' as const, roles: [], requestId: String(request.id) };
    return new Observable((subscriber) => runInContext({ actor }, () => next.handle().subscribe(subscriber)));
  }
}
