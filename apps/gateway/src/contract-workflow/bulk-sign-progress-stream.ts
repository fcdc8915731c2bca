import type { MessageEvent } from '@nestjs/common';
import { catchError, concatMap, defer, from, interval, map, merge, Observable, of, Subscription } from 'rxjs';
import { BulkSessionProgressed, BulkSessionView } from '@app/contracts';

/** How often an open stream says it is alive (a comment, which clients ignore), so proxies keep it open. */
export const HEARTBEAT_MS = 15_000;
/** How long an opened stream waits to be taken (its request may be gone before its route runs). */
const UNCLAIMED_MS = 10_000;

export interface ProgressSources {
  /** The session as it is now (one RPC, on behalf of the user who opened the stream). */
  read: () => Promise<BulkSessionView>;
  /** Every session's progress events. */
  progressed: Observable<BulkSessionProgressed>;
  /** When events may have been missed (the event connection came up again): the session is read again. */
  connected: Observable<unknown>;
  heartbeatMs?: number;
}

type Heard = { kind: 'progressed'; event: BulkSessionProgressed } | { kind: 'read' };

/**
 * A session's progress as server-sent events: `progress` at once with the
 * whole session as it is, then `progress` with the counts and the documents
 * that finished on each event of this session, and `completed` with the whole
 * session when it is complete, which ends the stream. The session is read
 * before the stream starts, so that a session the user may not see is refused
 * with its error; what happens while it is read is heard all the same.
 */
export async function openProgressStream(sessionId: string, sources: ProgressSources): Promise<Observable<MessageEvent>> {
  const heard: Heard[] = [];
  let forward: ((next: Heard) => void) | undefined;
  const listening: Subscription = merge(
    sources.progressed.pipe(map((event): Heard | undefined => (event.sessionId === sessionId ? { kind: 'progressed', event } : undefined))),
    sources.connected.pipe(map((): Heard => ({ kind: 'read' }))),
  ).subscribe((next) => {
    if (next) {
      if (forward) {
        forward(next);
      } else {
        heard.push(next);
      }
    }
  });
  let initial: BulkSessionView;
  try {
    initial = await sources.read();
  } catch (error) {
    listening.unsubscribe();
    throw error;
  }
  const unclaimed = setTimeout(() => listening.unsubscribe(), UNCLAIMED_MS);
  unclaimed.unref();
  return new Observable<MessageEvent>((subscriber) => {
    clearTimeout(unclaimed);
    if (listening.closed) {
      // Taken too late to trust what it heard: the client's EventSource opens it again.
      subscriber.complete();
      return undefined;
    }
    let session = initial;
    const finish = () => {
      subscriber.next({ type: 'completed', data: session });
      subscriber.complete();
    };
    subscriber.next({ type: 'progress', data: session });
    if (session.status === 'COMPLETED') {
      finish();
      return () => listening.unsubscribe();
    }
    const updates = new Observable<Heard>((inner) => {
      for (const next of heard.splice(0)) {
        inner.next(next);
      }
      forward = (next) => inner.next(next);
      return () => (forward = undefined);
    })
      .pipe(
        concatMap((next) =>
          next.kind === 'read'
            ? defer(() => from(sources.read())).pipe(
                map((read) => ({ changed: read, items: read.items })),
                // Unreadable for now: the next event or connection tries again.
                catchError(() => of(undefined)),
              )
            : of(applied(session, next.event)),
        ),
      )
      .subscribe((update) => {
        // Counts never go back: an event older than what was read since says nothing new.
        if (!update || finishedOf(update.changed) < finishedOf(session)) {
          return;
        }
        session = update.changed;
        const { items: _all, ...counts } = session;
        subscriber.next({ type: 'progress', data: { ...counts, items: update.items } });
        if (session.status === 'COMPLETED') {
          finish();
        }
      });
    const beats = interval(sources.heartbeatMs ?? HEARTBEAT_MS).subscribe(() => subscriber.next({ comment: 'heartbeat' }));
    return () => {
      updates.unsubscribe();
      beats.unsubscribe();
      listening.unsubscribe();
    };
  });
}

function finishedOf(session: Pick<BulkSessionView, 'done' | 'failed'>): number {
  return session.done + session.failed;
}

/** The session with an event's counts and its documents' new states. */
function applied(
  session: BulkSessionView,
  event: BulkSessionProgressed,
): { changed: BulkSessionView; items: BulkSessionProgressed['items'] } {
  const { items: finished, ...counts } = event;
  const byId = new Map(finished.map((item) => [item.contractId, item]));
  return {
    changed: { ...session, ...counts, items: session.items.map((item) => ({ ...item, ...byId.get(item.contractId) })) },
    items: finished,
  };
}
