import net from 'node:net';

/**
 * A TCP proxy between an app and PostgreSQL, RabbitMQ or Redis, so a test can
 * cut one dependency for one app without touching the machine's services
 * (which other test files are using at the same time).
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  /** Upstream sockets whose bytes are held back from the client, with what they sent meanwhile. */
  private readonly held = new Map<net.Socket, Buffer[]>();
  private readonly upstreams = new Set<net.Socket>();
  private isCut = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Proxies to the host and port of a URL (postgresql://, amqp://, redis://). */
  static forUrl(url: string, defaultPort: number): TcpProxy {
    const parsed = new URL(url);
    return new TcpProxy(parsed.hostname, Number(parsed.port || defaultPort));
  }

  async start(): Promise<this> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** The same URL, pointed at this proxy. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString().replace(/\/$/, '');
  }

  /** Drops every open connection and refuses new ones, as if the dependency went away. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  /**
   * Keeps passing what the app sends on the connections open now, but holds
   * back everything the dependency answers on them (RabbitMQ's confirms, for
   * instance) until `releaseReplies()`; connections opened later are not held.
   * A broker that takes a publish and never confirms it, as seen by the app.
   */
  holdReplies(): void {
    for (const upstream of this.upstreams) {
      if (!this.held.has(upstream)) {
        this.held.set(upstream, []);
      }
    }
  }

  /** Sends what was held back, in order, and passes answers through again. */
  releaseReplies(): void {
    const held = [...this.held];
    this.held.clear();
    for (const [upstream, chunks] of held) {
      const client = this.clientOf.get(upstream);
      for (const chunk of chunks) {
        client?.write(chunk);
      }
    }
  }

  /** How many bytes are being held back (a test waits for the answer it expects to be swallowed). */
  get heldBytes(): number {
    return [...this.held.values()].reduce((total, chunks) => total + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 0);
  }

  private readonly clientOf = new Map<net.Socket, net.Socket>();

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.isCut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    this.upstreams.add(upstream);
    this.clientOf.set(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      this.upstreams.delete(upstream);
      this.clientOf.delete(upstream);
      this.held.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      const held = this.held.get(upstream);
      if (held) {
        held.push(chunk);
      } else if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
  }
}
