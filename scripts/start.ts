import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AppConfig, loadConfigOrExit } from '@app/config';
import { repoRoot } from '@app/db';
import { migrateAll } from './migrate';
import { checkDependencies } from './preflight';
import { seedDemoData } from './seed';
import { prepareBulkSignDemo } from './start-demo';
import { APPS, AppSpec, nodeArgumentsOf } from './start-apps';
import { APP_COLORS, displayHost, formatRecord, paint, parseLogLine, prefixFor, printBanner, say, sayError } from './start-output';

/**
 * `npm start`: checks PostgreSQL, RabbitMQ and Redis, migrates, seeds, then
 * runs every app as its own process with readable, prefixed logs. Once all
 * are ready, it leaves documents waiting for the demo bulk user's signing
 * (start-demo.ts). Ctrl-C stops them all; one app dying stops the rest.
 */

const STOP_GRACE_MS = 10_000;
const READY_WARNING_MS = 60_000;

// ---------------------------------------------------------------- children

interface Running {
  spec: AppSpec;
  child: ChildProcess;
  prefix: string;
  exited: boolean;
  /** Resolves once the process is gone and its output is read to the end. */
  closed: Promise<void>;
}

const running: Running[] = [];
let stopping = false;
let bannerShown = false;
const readyApps = new Set<string>();

function spawnApp(spec: AppSpec, index: number, root: string, config: AppConfig): Running {
  const child = spawn(process.execPath, nodeArgumentsOf(spec, root), {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only this orchestrator, which then
    // sends each app exactly one SIGTERM (a second signal would cut short an
    // app's graceful shutdown).
    detached: true,
  });
  const prefix = prefixFor(spec.name, APP_COLORS[index % APP_COLORS.length]);
  const entry: Running = { spec, child, prefix, exited: false, closed: new Promise((resolve) => child.once('close', () => resolve())) };

  const print = (stream: NodeJS.WriteStream) => (line: string) => {
    const record = parseLogLine(line);
    if (!record) {
      stream.write(`${prefix} ${line}\n`);
      return;
    }
    for (const formatted of formatRecord(record)) {
      stream.write(`${prefix} ${formatted}\n`);
    }
    if (typeof record.msg === 'string' && spec.ready(record.msg)) {
      markReady(spec.name, config);
    }
  };
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', print(process.stdout));
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', print(process.stderr));

  child.on('error', (error) => {
    // spawn itself failed (e.g. the node binary vanished): as fatal as an exit.
    if (!entry.exited) {
      entry.exited = true;
      onUnexpectedExit(entry, `could not be started: ${error.message}`);
    }
  });
  child.once('exit', (code, signal) => {
    entry.exited = true;
    if (!stopping) {
      onUnexpectedExit(entry, signal ? `was killed by ${signal}` : `exited with code ${code}`);
    } else {
      say(`${spec.name} stopped (${signal ?? `exit code ${code}`})`);
    }
  });
  return entry;
}

function markReady(name: string, config: AppConfig): void {
  readyApps.add(name);
  if (!bannerShown && !stopping && APPS.every((app) => readyApps.has(app.name))) {
    bannerShown = true;
    printBanner(config);
    // In the background: the platform is already usable, and runs on whatever comes of this.
    // Nothing is said once Ctrl-C stopped the apps under it.
    void prepareBulkSignDemo(config, {
      info: (line) => {
        if (!stopping) {
          say(line);
        }
      },
      warn: (line) => {
        if (!stopping) {
          sayError(line);
        }
      },
    });
  }
}

function onUnexpectedExit(entry: Running, how: string): void {
  sayError(
    paint('1;31', `${entry.spec.name} ${how} — stopping the other apps / ${entry.spec.name} が停止したため、他のアプリも停止します`),
  );
  void stopAll(1);
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) {
    return;
  }
  stopping = true;
  const alive = running.filter((entry) => !entry.exited);
  if (alive.length > 0) {
    say(`stopping ${alive.map((entry) => entry.spec.name).join(', ')} (SIGTERM, up to ${STOP_GRACE_MS / 1000} s)…`);
  }
  for (const entry of alive) {
    signal(entry, 'SIGTERM');
  }
  const allClosed = Promise.all(running.map((entry) => entry.closed));
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
  });
  const outcome = await Promise.race([allClosed.then(() => 'closed' as const), graceOver]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    killStragglers();
    // Output pipes close right after SIGKILL; don't wait on them forever.
    await Promise.race([allClosed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }
  say(exitCode === 0 ? 'all apps stopped / すべてのアプリを停止しました' : 'all apps stopped');
  process.exit(exitCode);
}

function killStragglers(): void {
  const stragglers = running.filter((entry) => !entry.exited);
  if (stragglers.length > 0) {
    sayError(`${stragglers.map((entry) => entry.spec.name).join(', ')} did not stop in time: SIGKILL`);
  }
  for (const entry of stragglers) {
    signal(entry, 'SIGKILL');
  }
}

function signal(entry: Running, name: NodeJS.Signals): void {
  try {
    entry.child.kill(name);
  } catch {
    // already gone
  }
}

function installSignalHandlers(): void {
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      say(`${name} received`);
      void stopAll(0);
    } else {
      // A second Ctrl-C: don't wait for graceful shutdown.
      killStragglers();
      process.exit(stopping ? 0 : 1);
    }
  };
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[]) {
    process.on(name, onSignal);
  }
  // Whatever ends this process, its apps end with it.
  process.on('exit', () => {
    for (const entry of running) {
      if (!entry.exited) {
        signal(entry, 'SIGKILL');
      }
    }
  });
  process.on('uncaughtException', (error) => {
    sayError(`start: unexpected error: ${error.stack ?? String(error)}`);
    void stopAll(1);
  });
}

// ---------------------------------------------------------------- start

/** Fails when something already listens where the gateway would. */
async function checkPortFree(host: string, port: number): Promise<string | undefined> {
  if (port === 0) {
    return undefined;
  }
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        resolve(
          [
            `ポート ${port} は使用中です / ${displayHost(host)}:${port} is already in use (GATEWAY_HOST, GATEWAY_PORT)`,
            '  Another inkan (or another program) is running there: stop it, or set GATEWAY_PORT to a free port.',
          ].join('\n'),
        );
      } else {
        resolve(undefined); // e.g. EADDRNOTAVAIL: let the gateway report it
      }
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit('inkan');

  say('checking PostgreSQL, RabbitMQ and Redis…');
  const [failures, portProblem] = await Promise.all([checkDependencies(config), checkPortFree(config.GATEWAY_HOST, config.GATEWAY_PORT)]);
  const problems = [...failures.map((failure) => failure.message), ...(portProblem ? [portProblem] : [])];
  if (problems.length > 0) {
    // Unprefixed, so the start commands can be copied as they are.
    process.stderr.write(`\n${problems.join('\n\n')}\n\n`);
    sayError(`stopped before starting any app — ${problems.length} problem(s) above / 起動を中止しました`);
    process.exit(1);
  }

  const root = repoRoot(__dirname);
  const missing = APPS.filter((app) => !existsSync(path.join(root, app.entry)));
  if (missing.length > 0) {
    sayError(`not built / ビルドされていません: ${missing.map((app) => app.entry).join(', ')}`);
    sayError('run `node scripts/build.mjs` (or `npm start`, which builds first)');
    process.exit(1);
  }

  await migrateAll(config, say);
  await seedDemoData(config, say);

  installSignalHandlers();
  APPS.forEach((spec, index) => running.push(spawnApp(spec, index, root, config)));
  say(`started ${APPS.map((app) => `${app.name} (pid ${running.find((r) => r.spec === app)?.child.pid})`).join(', ')}`);

  setTimeout(() => {
    const waiting = APPS.filter((app) => !readyApps.has(app.name)).map((app) => app.name);
    if (waiting.length > 0 && !stopping) {
      sayError(`still waiting for ${waiting.join(', ')} to be ready after ${READY_WARNING_MS / 1000} s — see their log lines above`);
    }
  }, READY_WARNING_MS).unref();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    sayError(`start: failed / 起動に失敗しました: ${(error as Error).message}`);
    if (running.length > 0) {
      void stopAll(1);
    } else {
      process.exit(1);
    }
  });
}
