import type { MessageEvent } from '@nestjs/common';
import { Subject } from 'rxjs';
import { AppError, BulkSessionProgressed, BulkSessionView } from '@app/contracts';
import { openProgressStream } from './bulk-sign-progress-stream';

const SESSION = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const [A, B, C] = ['10000000-0000-4000-8000-00000000000a', '10000000-0000-4000-8000-00000000000b', '10000000-0000-4000-8000-00000000000c'];

function item(contractId: string, state: 'PENDING' | 'CONCLUDED' | 'FAILED' = 'PENDING'): BulkSessionView['items'][number] {
  return {
    contractId,
    documentNumber: `D-${contractId.slice(-1)}`,
    name: 'n',
    signatureMode: 'BOTH',
    counterpartyName: 'c',
    counterpartySide: 'ORDERER',
    counterpartySideLabel: '発注側',
    updatedAt: '2026-01-01T00:00:00.000Z',
    state,
    stateLabel: state,
    failure: null,
    finishedAt: null,
  };
}

const running: BulkSessionView = {
  sessionId: SESSION,
  userId: 'U000009',
  status: 'RUNNING',
  statusLabel: '署名処理中',
  signingRequestId: `bulk-${SESSION}`,
  total: 3,
  done: 0,
  failed: 0,
  pending: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  executedAt: '2026-01-01T00:00:01.000Z',
  completedAt: null,
  items: [item(A), item(B), item(C)],
};

function progressed(sessionId: string, done: number, failed: number, finished: { id: string; state: 'CONCLUDED' | 'FAILED' }[]) {
  const { items: _items, ...counts } = running;
  const complete = done + failed === running.total;
  return {
    ...counts,
    sessionId,
    status: complete ? 'COMPLETED' : 'RUNNING',
    statusLabel: complete ? '完了' : '署名処理中',
    done,
    failed,
    pending: running.total - done - failed,
    completedAt: complete ? '2026-01-01T00:00:09.000Z' : null,
    items: finished.map(({ id, state }) => ({
      contractId: id,
      state,
      stateLabel: state,
      failure: state === 'FAILED' ? { code: 'X', ja: '失敗', en: 'failed' } : null,
      finishedAt: '2026-01-01T00:00:05.000Z',
    })),
  } satisfies BulkSessionProgressed;
}

function sources(read: () => Promise<BulkSessionView>, heartbeatMs = 60_000) {
  return { read, progressed: new Subject<BulkSessionProgressed>(), connected: new Subject<void>(), heartbeatMs };
}

const open: { unsubscribe(): void }[] = [];
afterEach(() => open.splice(0).forEach((subscription) => subscription.unsubscribe()));

/** What the stream sends, and whether it ended (closed after the test whatever happened). */
function record(stream: { subscribe: (observer: object) => { unsubscribe(): void } }) {
  const sent: MessageEvent[] = [];
  const state = { ended: false };
  const subscription = stream.subscribe({ next: (event: MessageEvent) => sent.push(event), complete: () => (state.ended = true) });
  open.push(subscription);
  return { sent, state, subscription };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(check()).toBe(true);
}

describe('bulk-sign progress stream', () => {
  it('refuses with the read error before any stream exists, and stops listening', async () => {
    const refusal = AppError.of('NOT_FOUND');
    const source = sources(() => Promise.reject(refusal));
    await expect(openProgressStream(SESSION, source)).rejects.toBe(refusal);
    expect(source.progressed.observed).toBe(false);
    expect(source.connected.observed).toBe(false);
  });

  it('sends the session, then each of its events with the finished documents, then the whole session completed', async () => {
    const source = sources(() => Promise.resolve(running));
    const { sent, state } = record(await openProgressStream(SESSION, source));
    expect(sent).toEqual([{ type: 'progress', data: running }]);

    source.progressed.next(progressed(OTHER, 1, 0, [{ id: A, state: 'CONCLUDED' }])); // another session: nothing
    source.progressed.next(
      progressed(SESSION, 1, 1, [
        { id: A, state: 'CONCLUDED' },
        { id: B, state: 'FAILED' },
      ]),
    );
    source.progressed.next(progressed(SESSION, 1, 0, [{ id: A, state: 'CONCLUDED' }])); // older: counts never go back
    expect(sent.map((event) => event.type)).toEqual(['progress', 'progress']);
    expect(sent[1].data).toMatchObject({ done: 1, failed: 1, pending: 1, items: [{ contractId: A }, { contractId: B, state: 'FAILED' }] });

    source.progressed.next(progressed(SESSION, 2, 1, [{ id: C, state: 'CONCLUDED' }]));
    expect(sent.map((event) => event.type)).toEqual(['progress', 'progress', 'progress', 'completed']);
    const completed = sent[3].data as BulkSessionView;
    expect(completed).toMatchObject({ status: 'COMPLETED', statusLabel: '完了', done: 2, failed: 1, pending: 0 });
    expect(completed.items.map((document) => `${document.documentNumber}:${document.state}`)).toEqual([
      'D-a:CONCLUDED',
      'D-b:FAILED',
      'D-c:CONCLUDED',
    ]);
    expect(completed.items[1].failure).toEqual({ code: 'X', ja: '失敗', en: 'failed' });
    expect(state.ended).toBe(true);
    expect(source.progressed.observed).toBe(false);
  });

  it('keeps what happened while the session was read, and reads it again when the event connection is back', async () => {
    let reads = 0;
    let release: (view: BulkSessionView) => void = () => undefined;
    const source = sources(() => {
      reads += 1;
      return reads === 1
        ? new Promise<BulkSessionView>((resolve) => (release = resolve))
        : Promise.resolve({ ...running, done: 2, pending: 1, items: [item(A, 'CONCLUDED'), item(B, 'CONCLUDED'), item(C)] });
    });
    const opening = openProgressStream(SESSION, source);
    source.progressed.next(progressed(SESSION, 1, 0, [{ id: A, state: 'CONCLUDED' }]));
    release(running);
    const { sent, subscription } = record(await opening);
    expect(sent.map((event) => (event.data as BulkSessionView).done)).toEqual([0, 1]);

    source.connected.next();
    await until(() => sent.length === 3);
    expect(sent[2].data).toMatchObject({ done: 2, pending: 1 });
    expect(reads).toBe(2);
    subscription.unsubscribe();
    expect(source.progressed.observed).toBe(false);
    expect(source.connected.observed).toBe(false);
  });

  it('ends at once with a session already complete, and says it is alive while it waits', async () => {
    const complete = { ...running, status: 'COMPLETED' as const, done: 3, pending: 0 };
    const { sent, state } = record(
      await openProgressStream(
        SESSION,
        sources(() => Promise.resolve(complete)),
      ),
    );
    expect(sent.map((event) => event.type)).toEqual(['progress', 'completed']);
    expect(state.ended).toBe(true);

    const waiting = sources(() => Promise.resolve(running), 5);
    const { sent: beats, subscription } = record(await openProgressStream(SESSION, waiting));
    await until(() => beats.filter((event) => event.comment === 'heartbeat').length >= 2);
    subscription.unsubscribe();
  });
});
