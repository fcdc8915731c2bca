import { CanActivate, ExecutionContext, Injectable, MessageEvent } from '@nestjs/common';
import { filter, Observable } from 'rxjs';
import { anonymousActor, bulkSessionIdSchema, parseOrThrow, Patterns } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { BulkSignEvents } from './bulk-sign-events';
import { openProgressStream } from './bulk-sign-progress-stream';

export interface ProgressStreamRequest extends AuthenticatedRequest {
  progressStream?: Observable<MessageEvent>;
}

/**
 * Opens a session's progress stream before the route runs: Nest sends a
 * server-sent stream's headers as soon as its handler is under way, so a
 * session the user may not see (403, 404) is refused here, with its status,
 * while the answer can still be an error. The route hands the stream out.
 */
@Injectable()
export class BulkSignProgressGuard implements CanActivate {
  constructor(
    private readonly services: ServiceClient,
    private readonly events: BulkSignEvents,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ProgressStreamRequest>();
    const sessionId = parseOrThrow(bulkSessionIdSchema, (request.params as { sessionId?: string }).sessionId);
    const actor = request.actor ?? anonymousActor(String(request.id));
    request.progressStream = await openProgressStream(sessionId, {
      // Later reads run outside this request's context: they name its user themselves.
      read: () => this.services.send(Patterns.contractWorkflow.getBulkSignSession, { sessionId }, { actor }),
      progressed: this.events.progressed.pipe(filter((event) => event.userId === actor.userId)),
      connected: this.events.connected,
    });
    return true;
  }
}
