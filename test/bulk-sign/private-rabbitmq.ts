import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@app/testing';

const run = promisify(execFile);
/** The scripts themselves: Debian's wrappers switch to the rabbitmq user (and its Erlang cookie) when run as root. */
const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl';

/**
 * A RabbitMQ node of this test's own — its own node name, ports, data and
 * log folders, no plugins, listening on loopback only — so that restarting it
 * disturbs no other test. The machine's shared broker is never touched.
 */
export class PrivateRabbitMq {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly distPort: number,
    private readonly dir: string,
    readonly node: string,
  ) {}

  static async start(): Promise<PrivateRabbitMq> {
    const dir = mkdtempSync(path.join(tmpdir(), 'inkan-rabbitmq-'));
    const broker = new PrivateRabbitMq(await freePort(), await freePort(), dir, `inkan-test-${process.pid}-${Date.now()}@localhost`);
    await broker.launch();
    return broker;
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  /** `rabbitmqctl stop_app` then `start_app`: every connection dropped, the node's queues kept. */
  async restartApp(): Promise<void> {
    await this.stopApp();
    await this.startApp();
  }

  /** `rabbitmqctl stop_app`, returning once the node's port is closed (every connection dropped). */
  async stopApp(): Promise<void> {
    await this.ctl('stop_app');
    await this.waitForPort(false, 30_000);
  }

  /** `rabbitmqctl start_app`, returning once the node's port accepts connections again. */
  async startApp(): Promise<void> {
    await this.ctl('start_app');
    await this.waitForPort(true, 60_000);
  }

  async stop(): Promise<void> {
    await this.ctl('stop').catch(() => undefined);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => resolve(clearTimeout(timer)));
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOME: homedir(), // the Erlang cookie (~/.erlang.cookie) shared by this node and rabbitmqctl
      RABBITMQ_NODENAME: this.node,
      RABBITMQ_NODE_PORT: String(this.port),
      RABBITMQ_DIST_PORT: String(this.distPort),
      RABBITMQ_CONFIG_FILE: path.join(this.dir, 'rabbitmq.conf'),
      RABBITMQ_MNESIA_BASE: path.join(this.dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(this.dir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(this.dir, 'enabled_plugins'),
      RABBITMQ_PID_FILE: path.join(this.dir, 'rabbitmq.pid'),
    };
  }

  private async launch(): Promise<void> {
    // Its own config file: the machine's binds the shared node's port.
    writeFileSync(path.join(this.dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${this.port}\n`);
    writeFileSync(path.join(this.dir, 'enabled_plugins'), '[].\n');
    this.child = spawn(SERVER, [], { cwd: this.dir, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await this.waitForPort(true, 120_000);
  }

  private async ctl(command: string): Promise<void> {
    await run(CTL, ['-n', this.node, command], { env: this.env(), timeout: 60_000 });
  }

  private async waitForPort(open: boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await canConnect(this.port)) !== open) {
      if (Date.now() > deadline || (this.child && this.child.exitCode !== null)) {
        throw new Error(`RabbitMQ node ${this.node} did not ${open ? 'open' : 'close'} port ${this.port}; output:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
