import { EventEmitter } from 'node:events';
import './amqp-write-batching';
import amqp, { ConfirmChannel, ChannelModel } from 'amqplib';
import type { Logger } from 'pino';

/**
 * Socket options of every AMQP connection. amqplib leaves Nagle's algorithm
 * on, and writes a message over 2 KB as two chunks (method and header, then
 * the body): the body then waited for the broker's delayed ACK of the first
 * chunk, 40 ms on Linux, on every such message — a 一括署名 start (200
 * documents) and its reply, and each `documents-signed` event.
 */
export const AMQP_SOCKET_OPTIONS = { noDelay: true } as const;

const CONNECT_TIMEOUT_MS = 5_000;

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** amqplib's socket under a ChannelModel (not part of its typed API). */
function destroySocket(connection: ChannelModel): void {
  const stream = (connection as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream;
  stream?.destroy?.();
}

/**
 * One AMQP connection with a confirm channel that reconnects by itself.
 * Used where inkan publishes on its own (the outbox relay) and to report the
 * broker's health. While disconnected, `channel()` throws: callers keep their
 * work (outbox rows) and try again; nothing is buffered in memory.
 */
export class AmqpConnection extends EventEmitter {
  private connection: ChannelModel | undefined;
  private confirmChannel: ConfirmChannel | undefined;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private lastError: string | undefined;

  constructor(
    private readonly url: string,
    private readonly options: {
      name: string;
      reconnectSeconds: number;
      logger: Logger;
      setup?: (channel: ConfirmChannel) => Promise<void>;
    },
  ) {
    super();
  }

  get isConnected(): boolean {
    return this.confirmChannel !== undefined;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  start(): void {
    void this.connect();
  }

  /** The open confirm channel, connecting first if needed. */
  async channel(): Promise<ConfirmChannel> {
    if (this.confirmChannel) {
      return this.confirmChannel;
    }
    await this.connect();
    if (!this.confirmChannel) {
      throw new Error(`RabbitMQ is not reachable: ${this.lastError ?? 'not connected'}`);
    }
    return this.confirmChannel;
  }

  /**
   * Drops the current connection, for a caller that stopped trusting it (its
   * confirms stopped coming): the next `channel()` opens a fresh one. The old
   * socket is destroyed rather than closed politely, as a broker that does not
   * answer would not answer the close either.
   */
  reset(reason: string): void {
    const connection = this.connection;
    if (!connection) {
      return;
    }
    this.lastError = reason;
    this.onLost(connection);
    destroySocket(connection);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    // An attempt under way finishes first: it sees `closed` and closes what it opened.
    await this.connecting;
    const connection = this.connection;
    this.connection = undefined;
    this.confirmChannel = undefined;
    await connection?.close().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.closed) {
      return Promise.resolve();
    }
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    let connection: ChannelModel | undefined;
    try {
      connection = await amqp.connect(this.url, {
        ...AMQP_SOCKET_OPTIONS,
        timeout: CONNECT_TIMEOUT_MS,
        clientProperties: { connection_name: this.options.name },
      });
      connection.on('error', (error: Error) => {
        this.lastError = error.message;
      });
      const opened = connection;
      connection.on('close', () => this.onLost(opened));
      // A broker that accepts the socket but stops answering must not hold `connecting` (and so
      // every caller of channel()) for ever: the channel and its set-up get the connect timeout too.
      const channel = await withTimeout(
        (async () => {
          const created = await opened.createConfirmChannel();
          created.on('error', (error: Error) => {
            this.lastError = error.message;
          });
          created.on('close', () => {
            if (this.confirmChannel === created) {
              // A channel-level error (e.g. a 404) closes the channel only: start over.
              this.onLost(opened);
              void opened.close().catch(() => undefined);
            }
          });
          await this.options.setup?.(created);
          return created;
        })(),
        CONNECT_TIMEOUT_MS,
        'RabbitMQ did not open a channel in time',
      );
      if (this.closed) {
        await connection.close();
        return;
      }
      this.connection = connection;
      this.confirmChannel = channel;
      this.lastError = undefined;
      this.options.logger.info({ connection: this.options.name }, 'connected to RabbitMQ');
      this.emit('connected');
    } catch (error) {
      this.lastError = (error as Error).message;
      // A connection whose channel or set-up failed is not kept open beside the next attempt (and not
      // closed politely: a broker that did not answer the set-up would not answer the close either).
      if (connection) {
        destroySocket(connection);
      }
      this.scheduleReconnect();
    }
  }

  private onLost(connection: ChannelModel): void {
    if (this.connection !== connection) {
      return;
    }
    this.connection = undefined;
    this.confirmChannel = undefined;
    this.lastError ??= 'connection closed';
    this.options.logger.warn({ connection: this.options.name, error: this.lastError }, 'lost connection to RabbitMQ');
    this.emit('disconnected');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) {
      return;
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.options.reconnectSeconds * 1_000);
    this.reconnectTimer.unref();
  }
}
