import { connect, Socket } from 'node:net';

/** What a raw socket saw: the response head (if any), how long until it came, and when the server closed. */
export interface RawExchange {
  status: number | undefined;
  head: string;
  body: string;
  /** Milliseconds from the first byte sent to the response's first byte (undefined: none came). */
  answeredAfterMs: number | undefined;
  /** Milliseconds from the first byte sent to the server closing the connection. */
  closedAfterMs: number;
  /** Bytes of the request written before the answer or the close. */
  bytesSentBeforeAnswer: number;
  /** Milliseconds from the first byte to the last chunk handed to the socket (undefined: not all were sent). */
  sentAllAfterMs: number | undefined;
}

/**
 * Talks HTTP/1.1 to 127.0.0.1 over a bare socket, so a test controls every
 * byte and its timing: `chunks` are written one after another, `gapMs`
 * apart, until the server answers or closes (then writing stops).
 */
export function rawExchange(
  port: number,
  chunks: Iterable<Buffer>,
  options: { gapMs?: number; stopWhenAnswered?: boolean; hangUpAfterSending?: boolean } = {},
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const started = performance.now();
    const received: Buffer[] = [];
    let answeredAfterMs: number | undefined;
    let sent = 0;
    let sentBeforeAnswer: number | undefined;
    let closed = false;
    let sentAllAfterMs: number | undefined;
    const iterator = chunks[Symbol.iterator]();
    const finish = () => {
      if (closed) {
        return;
      }
      closed = true;
      const text = Buffer.concat(received).toString('latin1');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      resolve({
        status: status ? Number(status) : undefined,
        head,
        body,
        answeredAfterMs,
        closedAfterMs: performance.now() - started,
        bytesSentBeforeAnswer: sentBeforeAnswer ?? sent,
        sentAllAfterMs,
      });
    };
    socket.on('data', (data) => {
      if (answeredAfterMs === undefined) {
        answeredAfterMs = performance.now() - started;
        sentBeforeAnswer = sent;
        if (options.stopWhenAnswered) {
          // Read the rest of the answer, then hang up.
          setTimeout(() => socket.destroy(), 200);
        }
      }
      received.push(data);
    });
    socket.on('close', finish);
    socket.on('error', () => socket.destroy());
    const writeNext = () => {
      if (closed || socket.destroyed || (options.stopWhenAnswered && answeredAfterMs !== undefined)) {
        return;
      }
      const next = iterator.next();
      if (next.done) {
        sentAllAfterMs = performance.now() - started;
        if (options.hangUpAfterSending) {
          // A client that gives up right after sending: it never reads the answer.
          socket.destroy();
        }
        return;
      }
      socket.write(next.value, () => {
        sent += next.value.length;
        if (options.gapMs) {
          setTimeout(writeNext, options.gapMs);
        } else {
          setImmediate(writeNext);
        }
      });
    };
    socket.on('connect', writeNext);
  });
}

/** Request head lines joined for the wire. */
export function requestHead(method: string, path: string, headers: Record<string, string | number>): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** One byte at a time. */
export function* bytesOf(text: string): Generator<Buffer> {
  for (const byte of Buffer.from(text, 'latin1')) {
    yield Buffer.from([byte]);
  }
}

/** `total` bytes in chunks of `size` (the same zeroed buffer each time). */
export function* chunksOf(total: number, size = 64 * 1024): Generator<Buffer> {
  const chunk = Buffer.alloc(size, 0x41);
  for (let sent = 0; sent < total; sent += size) {
    yield total - sent >= size ? chunk : chunk.subarray(0, total - sent);
  }
}
