import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One process the supervisor keeps running. */
export interface SupervisedApp {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface Backoff {
  /** Delay before the first restart. */
  initialMs: number;
  /** The delay doubles with each crash in a row, up to this. */
  maxMs: number;
  /** An app that ran this long before it crashed starts again from `initialMs`. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000, stableAfterMs: 60_000 };

export interface SupervisorOptions {
  backoff?: Backoff;
  /** How long `stop()` waits for SIGTERM before SIGKILL. */
  stopGraceMs?: number;
  say: (line: string) => void;
  sayError: (line: string) => void;
  /** Every line an app writes, as it comes. */
  onLine?: (app: SupervisedApp, line: string, stream: 'stdout' | 'stderr') => void;
  /** Told each time an app process starts (the first time and after each restart). */
  onStart?: (app: SupervisedApp, pid: number | undefined, restart: number) => void;
}

/** The delay before restart number `crashesInARow` (1 for the first crash). */
export function restartDelay(crashesInARow: number, backoff: Backoff): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, crashesInARow - 1));
}

interface Slot {
  app: SupervisedApp;
  child: ChildProcess | undefined;
  startedAt: number;
  crashesInARow: number;
  restarts: number;
  restartTimer: NodeJS.Timeout | undefined;
  /** Resolves once the current process is gone and its output is read to the end. */
  closed: Promise<void>;
}

/**
 * Runs apps as child processes and keeps them running: an app that exits
 * on its own (a crash, a SIGKILL) is started again after an exponential
 * backoff, and each restart is said — which app, how it ended, the delay, and
 * how many crashes in a row (a crash loop shows as a growing count at the
 * capped delay). The rest of the platform keeps running meanwhile. `stop()`
 * (Ctrl-C, SIGTERM) stops everything and restarts nothing.
 */
export class Supervisor {
  private readonly slots: Slot[] = [];
  private stopping = false;
  private readonly backoff: Backoff;

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  start(apps: readonly SupervisedApp[]): void {
    for (const app of apps) {
      const slot: Slot = {
        app,
        child: undefined,
        startedAt: 0,
        crashesInARow: 0,
        restarts: 0,
        restartTimer: undefined,
        closed: Promise.resolve(),
      };
      this.slots.push(slot);
      this.launch(slot);
    }
  }

  /** The pid of each app's current process (undefined while it waits to be restarted). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.slots.map((slot) => [slot.app.name, slot.child?.pid]));
  }

  restartsOf(name: string): number {
    return this.slots.find((slot) => slot.app.name === name)?.restarts ?? 0;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** SIGTERM to every app, SIGKILL to those still running after the grace period; restarts nothing. */
  async stop(): Promise<void> {
    if (this.stopping) {
      return;
    }
    this.stopping = true;
    for (const slot of this.slots) {
      clearTimeout(slot.restartTimer);
    }
    const alive = this.slots.filter((slot) => isRunning(slot.child));
    if (alive.length > 0) {
      const grace = this.options.stopGraceMs ?? 10_000;
      this.options.say(`stopping ${alive.map((slot) => slot.app.name).join(', ')} (SIGTERM, up to ${grace / 1000} s)…`);
    }
    for (const slot of alive) {
      signal(slot.child, 'SIGTERM');
    }
    const allClosed = Promise.all(this.slots.map((slot) => slot.closed));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.stopGraceMs ?? 10_000);
    });
    const outcome = await Promise.race([allClosed.then(() => 'closed' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.killAll('did not stop in time: SIGKILL');
      // Output pipes close right after SIGKILL; don't wait on them forever.
      await Promise.race([allClosed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    }
  }

  /** SIGKILL to every app still running (a second Ctrl-C, or this process exiting). */
  killAll(why?: string): void {
    this.stopping = true;
    const stragglers = this.slots.filter((slot) => isRunning(slot.child));
    if (why && stragglers.length > 0) {
      this.options.sayError(`${stragglers.map((slot) => slot.app.name).join(', ')} ${why}`);
    }
    for (const slot of this.slots) {
      clearTimeout(slot.restartTimer);
      signal(slot.child, 'SIGKILL');
    }
  }

  private launch(slot: Slot): void {
    const { app } = slot;
    const child = spawn(app.command, app.args, {
      cwd: app.cwd,
      env: app.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C reaches only the supervisor, which then sends each app exactly one
      // SIGTERM (a second signal would cut short an app's graceful shutdown).
      detached: true,
    });
    slot.child = child;
    slot.startedAt = Date.now();
    slot.closed = new Promise((resolve) => child.once('close', () => resolve()));
    const forward = (stream: 'stdout' | 'stderr') => (line: string) => this.options.onLine?.(app, line, stream);
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', forward('stdout'));
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', forward('stderr'));
    let ended = false;
    const onEnd = (how: string) => {
      if (ended) {
        return;
      }
      ended = true;
      if (this.stopping) {
        this.options.say(`${app.name} stopped (${how})`);
        return;
      }
      this.scheduleRestart(slot, how);
    };
    // spawn itself failed (e.g. the node binary vanished): handled like an exit.
    child.on('error', (error) => onEnd(`could not be started: ${error.message}`));
    child.once('exit', (code, sig) => onEnd(sig ? `killed by ${sig}` : `exit code ${code}`));
    this.options.onStart?.(app, child.pid, slot.restarts);
  }

  private scheduleRestart(slot: Slot, how: string): void {
    const ranMs = Date.now() - slot.startedAt;
    slot.crashesInARow = ranMs >= this.backoff.stableAfterMs ? 1 : slot.crashesInARow + 1;
    const delay = restartDelay(slot.crashesInARow, this.backoff);
    const loop = delay >= this.backoff.maxMs ? ' — crash loop: it keeps failing, see its log lines above' : '';
    this.options.sayError(
      `${slot.app.name} ended unexpectedly (${how}) after ${Math.round(ranMs / 1000)} s; ` +
        `restarting in ${delay / 1000} s (crash ${slot.crashesInARow} in a row)${loop} / ` +
        `${slot.app.name} が停止しました。${delay / 1000} 秒後に再起動します`,
    );
    slot.child = undefined;
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      if (this.stopping) {
        return;
      }
      slot.restarts += 1;
      this.launch(slot);
    }, delay);
  }
}

function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

function signal(child: ChildProcess | undefined, name: NodeJS.Signals): void {
  try {
    child?.kill(name);
  } catch {
    // already gone
  }
}
