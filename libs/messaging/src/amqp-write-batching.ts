import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
// amqplib's frame multiplexer; not part of its typed API (see below). Its package
// exports only the two entry points, so the file is required by its path beside them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Mux } = require(join(dirname(require.resolve('amqplib')), 'lib', 'mux.js')) as { Mux: { prototype: MuxInternals } };

interface MuxInternals {
  out: Writable;
  _readIncoming: (this: MuxInternals) => void;
  __inkanBatched?: true;
}

/**
 * amqplib's `Mux` writes the frames its channels have queued to the socket
 * one `socket.write` at a time; with Nagle's algorithm off
 * (AMQP_SOCKET_OPTIONS) each is a syscall and a TCP segment of its own, and
 * the broker wakes for each. A service that publishes a batch's events or
 * acknowledges a batch of deliveries queues dozens of frames in one turn.
 * Corking the socket for one pass of the multiplexer sends what that pass
 * finds in one `writev`; nothing waits for a timer, and a pass that stops at
 * the socket's high-water mark still resumes on 'drain' as before.
 *
 * Applied once per process, to every amqplib connection (ours and those
 * `@nestjs/microservices` opens through amqp-connection-manager).
 */
function batchAmqpWrites(): void {
  const mux = Mux.prototype;
  if (mux.__inkanBatched) {
    return;
  }
  const readIncoming = mux._readIncoming;
  mux._readIncoming = function (this: MuxInternals) {
    this.out.cork();
    try {
      readIncoming.call(this);
    } finally {
      this.out.uncork();
    }
  };
  mux.__inkanBatched = true;
}

batchAmqpWrites();
