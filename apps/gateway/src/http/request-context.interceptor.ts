import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { anonymousActor } from '@app/contracts';
import { runInContext } from '@app/messaging';
import { AuthenticatedRequest } from '../auth/auth.decorators';

/**
 * Runs each HTTP handler inside a message context carrying the request ID and
 * the actor the AuthGuard established, so every RPC it sends and every log
 * line it writes carries both.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = request.actor ?? anonymousActor(String(request.id));
    return new Observable((subscriber) => runInContext({ actor }, () => next.handle().subscribe(subscriber)));
  }
}
