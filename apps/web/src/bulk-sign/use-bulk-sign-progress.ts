import { useEffect, useState } from 'react';
import { api } from '../api/api-client';
import type { BulkSessionCounts, BulkSessionView } from '../api/api-types';

/** How often the fallback looks, and how long the stream may stay silent before it does. */
const POLL_MS = 1_000;
const SILENCE_MS = 5_000;

/**
 * A running session's progress: the server-sent events of
 * GET /api/bulk-sign/sessions/:id/events (`progress` with the counts, then
 * `completed` with the whole session), the documents' states read again on
 * each change, and GET /api/bulk-sign/sessions/:id every second whenever the
 * stream failed or went silent.
 */
export function useBulkSignProgress(initial: BulkSessionView): BulkSessionView {
  const [session, setSession] = useState(initial);
  const { sessionId } = initial;
  const finished = initial.status === 'COMPLETED';

  useEffect(() => {
    if (finished) {
      return undefined;
    }
    const path = `/api/bulk-sign/sessions/${sessionId}`;
    let stopped = false;
    let streamFailed = false;
    let lastHeard = Date.now();
    let reading = false;

    const source = new EventSource(`${path}/events`);
    const timer = window.setInterval(() => {
      if (streamFailed || Date.now() - lastHeard > SILENCE_MS) {
        refresh();
      }
    }, POLL_MS);
    const stop = () => {
      stopped = true;
      source.close();
      window.clearInterval(timer);
    };
    const show = (next: BulkSessionView) => {
      lastHeard = Date.now();
      setSession(next);
      if (next.status === 'COMPLETED') {
        stop();
      }
    };
    function refresh() {
      if (reading || stopped) {
        return;
      }
      reading = true;
      api<BulkSessionView>('GET', path)
        .then(
          (next) => !stopped && show(next),
          () => undefined, // the next tick looks again
        )
        .finally(() => (reading = false));
    }

    source.addEventListener('progress', (event) => {
      lastHeard = Date.now();
      const counts = JSON.parse((event as MessageEvent<string>).data) as BulkSessionCounts;
      setSession((current) => ({ ...current, ...counts }));
      refresh();
    });
    source.addEventListener('completed', (event) => {
      show(JSON.parse((event as MessageEvent<string>).data) as BulkSessionView);
    });
    // A lost connection and the server's own `error` event alike: poll from now on.
    source.onerror = () => {
      source.close();
      streamFailed = true;
    };
    return stop;
  }, [sessionId, finished]);

  return session;
}
