import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/api-client';
import type { BulkItemView, BulkSessionCounts, BulkSessionView } from '../api/api-types';

/** How often the fallback reads the session, and how long the stream may stay silent before it reads it once. */
const POLL_MS = 1_000;
const SILENCE_MS = 30_000;

/** A `progress` event: the counts, and the documents that finished (all of them in the first event). */
type ProgressEvent = BulkSessionCounts & { items: Pick<BulkItemView, 'contractId' | 'state' | 'stateLabel' | 'failure' | 'finishedAt'>[] };

const STATUS_ORDER: Record<BulkSessionView['status'], number> = { SELECTED: 0, STARTING: 1, RUNNING: 2, COMPLETED: 3 };

/** How far a session has come: its status, then its finished documents (neither goes back). */
function progressOf(session: BulkSessionCounts): number {
  return STATUS_ORDER[session.status] * 1_000 + session.done + session.failed;
}

/** The session with an event's counts (unless older than what is shown) and its finished documents' states. */
function applied(session: BulkSessionView, event: ProgressEvent): BulkSessionView {
  const { items: finished, ...counts } = event;
  const byId = new Map(finished.map((item) => [item.contractId, item]));
  return {
    ...session,
    ...(progressOf(counts) >= progressOf(session) ? counts : {}),
    items: session.items.map((item) => {
      const now = byId.get(item.contractId);
      return now && item.state === 'PENDING' ? { ...item, ...now } : item;
    }),
  };
}

/**
 * A running session's progress, kept in a query of its own (the session's
 * screen keeps the session as it found it): the server-sent events of
 * GET /api/bulk-sign/sessions/:id/events (`progress` with the counts and the
 * documents that finished, `completed` with the whole session) are applied to
 * it as they come; the session is read again only when the stream failed
 * (every second from then on) or stayed silent for half a minute.
 */
export function useBulkSignProgress(shown: BulkSessionView): BulkSessionView {
  const client = useQueryClient();
  // The session as this screen first showed it; the caller may hand newer ones in later.
  const [initial] = useState(shown);
  const { sessionId } = initial;
  const path = `/api/bulk-sign/sessions/${sessionId}`;
  const [polling, setPolling] = useState(false);
  const query = useQuery({
    queryKey: ['bulk-sign', 'session', sessionId, 'progress'],
    queryFn: () => api<BulkSessionView>('GET', path),
    initialData: initial,
    staleTime: Infinity,
    refetchInterval: (current) => (polling && current.state.data?.status !== 'COMPLETED' ? POLL_MS : false),
  });
  // What this screen started from may be newer than what the query held (the reply of 一括署名（受取）).
  const session = progressOf(query.data) >= progressOf(shown) ? query.data : shown;
  const finished = session.status === 'COMPLETED';

  useEffect(() => {
    if (finished) {
      return undefined;
    }
    const queryKey = ['bulk-sign', 'session', sessionId, 'progress'];
    const update = (change: (current: BulkSessionView) => BulkSessionView) =>
      client.setQueryData<BulkSessionView>(queryKey, (current) =>
        change(current && progressOf(current) >= progressOf(initial) ? current : initial),
      );
    let lastHeard = Date.now();
    const source = new EventSource(`${path}/events`);
    const silence = window.setInterval(() => {
      if (Date.now() - lastHeard > SILENCE_MS) {
        lastHeard = Date.now();
        void client.refetchQueries({ queryKey });
      }
    }, POLL_MS);
    source.addEventListener('progress', (event) => {
      lastHeard = Date.now();
      const progress = JSON.parse((event as MessageEvent<string>).data) as ProgressEvent;
      update((current) => applied(current, progress));
    });
    source.addEventListener('completed', (event) => {
      lastHeard = Date.now();
      const completed = JSON.parse((event as MessageEvent<string>).data) as BulkSessionView;
      update(() => completed);
    });
    // A lost connection and the server's own `error` event alike: read the session every second from now on.
    source.onerror = () => {
      source.close();
      window.clearInterval(silence);
      setPolling(true);
    };
    return () => {
      source.close();
      window.clearInterval(silence);
    };
  }, [client, initial, path, sessionId, finished]);

  return session;
}
