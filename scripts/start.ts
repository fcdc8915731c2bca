import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AppConfig, envForProcess, isKeyedProcess, loadConfigOrExit } from '@app/config';
import { repoRoot } from '@app/db';
import { migrateAll } from './migrate';
import { checkDependencies } from './preflight';
import { seedDemoData } from './seed';
import { prepareBulkSignDemo } from './start-demo';
import { APPS, nodeArgumentsOf } from './start-apps';
import { APP_COLORS, displayHost, formatRecord, paint, parseLogLine, prefixFor, printBanner, say, sayError } from './start-output';
import { Supervisor } from './supervisor';

/**
 * `npm start`: checks PostgreSQL, RabbitMQ and Redis, migrates, seeds, then
 * runs every app as its own process with readable, prefixed logs. Once all
 * are ready, it leaves documents waiting for the demo bulk user's signing
 * (start-demo.ts). Ctrl-C stops them all; an app that dies is restarted
 * with a backoff (supervisor.ts) while the others keep running.
 */

const STOP_GRACE_MS = 10_000;
const READY_WARNING_MS = 60_000;

// ---------------------------------------------------------------- children

let bannerShown = false;
const readyApps = new Set<string>();
let supervisor: Supervisor | undefined;

/** Runs every app under the supervisor, each line prefixed with its name, and notices when all are ready. */
function startApps(root: string, config: AppConfig): Supervisor {
  const prefixes = new Map(APPS.map((spec, index) => [spec.name, prefixFor(spec.name, APP_COLORS[index % APP_COLORS.length])]));
  const specs = new Map(APPS.map((spec) => [spec.name, spec]));
  const started = new Supervisor({
    stopGraceMs: STOP_GRACE_MS,
    say,
    sayError: (line) => sayError(paint('1;31', line)),
    onLine: (app, line, stream) => {
      const out = stream === 'stdout' ? process.stdout : process.stderr;
      const prefix = prefixes.get(app.name) ?? app.name;
      const record = parseLogLine(line);
      if (!record) {
        out.write(`${prefix} ${line}\n`);
        return;
      }
      for (const formatted of formatRecord(record)) {
        out.write(`${prefix} ${formatted}\n`);
      }
      if (typeof record.msg === 'string' && specs.get(app.name)?.ready(record.msg)) {
        markReady(app.name, config);
      }
    },
    onStart: (app, pid, restart) => {
      if (restart > 0) {
        say(`${app.name} restarted (pid ${pid}, restart ${restart})`);
      }
    },
  });
  started.start(
    APPS.map((spec) => ({
      name: spec.name,
      command: process.execPath,
      args: nodeArgumentsOf(spec, root),
      cwd: root,
      // Each app gets only its own keys (libs/config process-keys.ts); in production it refuses others.
      env: isKeyedProcess(spec.name) ? envForProcess(spec.name, process.env) : process.env,
    })),
  );
  return started;
}

function markReady(name: string, config: AppConfig): void {
  readyApps.add(name);
  if (!bannerShown && !supervisor?.isStopping && APPS.every((app) => readyApps.has(app.name))) {
    bannerShown = true;
    printBanner(config);
    // In the background: the platform is already usable, and runs on whatever comes of this.
    // Nothing is said once Ctrl-C stopped the apps under it.
    void prepareBulkSignDemo(config, {
      info: (line) => {
        if (!supervisor?.isStopping) {
          say(line);
        }
      },
      warn: (line) => {
        if (!supervisor?.isStopping) {
          sayError(line);
        }
      },
    });
  }
}

async function stopAll(exitCode: number): Promise<void> {
  await supervisor?.stop();
  say(exitCode === 0 ? 'all apps stopped / すべてのアプリを停止しました' : 'all apps stopped');
  process.exit(exitCode);
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
      supervisor?.killAll('did not stop in time: SIGKILL');
      process.exit(0);
    }
  };
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[]) {
    process.on(name, onSignal);
  }
  // Whatever ends this process, its apps end with it.
  process.on('exit', () => supervisor?.killAll());
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
  if (config.NODE_ENV === 'production') {
    // Demo accounts share a public password (scripts/seed.ts).
    say('production: no demo data; the first operator comes from `npm run operator:create` / 本番モード: デモデータなし');
  } else {
    await seedDemoData(config, say);
  }

  installSignalHandlers();
  supervisor = startApps(root, config);
  const pids = supervisor.pids();
  say(`started ${APPS.map((app) => `${app.name} (pid ${pids[app.name]})`).join(', ')}`);

  setTimeout(() => {
    const waiting = APPS.filter((app) => !readyApps.has(app.name)).map((app) => app.name);
    if (waiting.length > 0 && !supervisor?.isStopping) {
      sayError(`still waiting for ${waiting.join(', ')} to be ready after ${READY_WARNING_MS / 1000} s — see their log lines above`);
    }
  }, READY_WARNING_MS).unref();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    sayError(`start: failed / 起動に失敗しました: ${(error as Error).message}`);
    if (supervisor) {
      void stopAll(1);
    } else {
      process.exit(1);
    }
  });
}
