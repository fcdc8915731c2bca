import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A process started from the runtime tree, its output kept for the failure message. */
export class AppProcess {
  readonly output: string[] = [];
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    this.child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 60));
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  describe(): string {
    return `${this.name} (exit ${JSON.stringify(this.exit ?? 'running')}):\n  ${this.output.join('\n  ')}`;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit. */
  async stop(graceMs = 20_000): Promise<AppProcess['exit']> {
    if (!this.exit) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exit;
  }

  waitForExit(): Promise<void> {
    return this.exited;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ProbeAnswer {
  status: number;
  body: { status?: string; components?: Record<string, { status: string; error?: string }> } & Record<string, unknown>;
}

export async function getJson(url: string, timeoutMs = 5_000): Promise<ProbeAnswer | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: (await response.json()) as ProbeAnswer['body'] };
  } catch {
    return undefined;
  }
}

/** Polls until `check` returns a value; fails early when one of `watch` has exited. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, watch: AppProcess[] = []): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crashed = watch.filter((app) => app.exit);
    if (crashed.length > 0) {
      throw new Error(`${what}: a process exited\n${crashed.map((app) => app.describe()).join('\n')}`);
    }
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms\n${watch.map((app) => app.describe()).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
