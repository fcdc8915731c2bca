import { Supervisor, SupervisedApp } from '@scripts/supervisor';
import { eventually } from '@app/testing';

/**
 * The supervisor `npm start` runs the apps under, with real child processes
 * killed for real: a crashed app comes back after a growing delay and says
 * so, the others keep running, and stopping stops everything for good.
 */
describe('npm start supervisor (scripts/supervisor.ts)', () => {
  const lines: string[] = [];
  const starts: { name: string; pid: number | undefined; at: number }[] = [];
  let supervisor: Supervisor;

  // A stand-in app: says it is ready, runs until told to stop, stops cleanly on SIGTERM, fails (exit 3) on SIGUSR2.
  const app = (name: string): SupervisedApp => ({
    name,
    command: process.execPath,
    args: [
      '-e',
      `console.log('${name} ready'); process.on('SIGTERM', () => process.exit(0)); process.on('SIGUSR2', () => process.exit(3)); setInterval(() => undefined, 1000);`,
    ],
    cwd: __dirname,
  });
  const alive = (pid: number | undefined) => {
    try {
      return pid !== undefined && process.kill(pid, 0);
    } catch {
      return false;
    }
  };
  const readyLines = (name: string) => lines.filter((line) => line === `${name}: ${name} ready`).length;

  beforeAll(async () => {
    supervisor = new Supervisor({
      backoff: { initialMs: 200, maxMs: 800, stableAfterMs: 60_000 },
      stopGraceMs: 5_000,
      say: (line) => lines.push(line),
      sayError: (line) => lines.push(line),
      onLine: (supervised, line) => lines.push(`${supervised.name}: ${line}`),
      onStart: (supervised, pid) => starts.push({ name: supervised.name, pid, at: Date.now() }),
    });
    supervisor.start([app('steady'), app('victim')]);
    await eventually(async () => readyLines('steady') === 1 && readyLines('victim') === 1, 10_000, 20);
  });

  afterAll(() => supervisor?.killAll());

  it('restarts an app killed with SIGKILL after the backoff, says which, how and when, and leaves the others running', async () => {
    const steadyPid = supervisor.pids().steady;
    for (const [crash, delayMs] of [
      [1, 200],
      [2, 400],
      [3, 800],
      [4, 800],
    ] as const) {
      const victimPid = supervisor.pids().victim;
      const killedAt = Date.now();
      process.kill(victimPid!, 'SIGKILL');
      await eventually(async () => readyLines('victim') === crash + 1, 10_000, 20);
      const restart = starts.filter((start) => start.name === 'victim').at(-1)!;
      expect(restart.pid).not.toBe(victimPid);
      // Not before the backoff (a little slack for the timer), and not long after it.
      expect(restart.at - killedAt).toBeGreaterThanOrEqual(delayMs - 20);
      expect(supervisor.restartsOf('victim')).toBe(crash);
      const said = lines.find((line) => line.startsWith('victim ended unexpectedly') && line.includes(`(crash ${crash} in a row)`));
      expect(said).toContain('(killed by SIGKILL)');
      expect(said).toContain(`restarting in ${delayMs / 1000} s`);
      expect(said).toContain('victim が停止しました');
      // The capped delay reached: a crash loop, said as such.
      expect(said?.includes('crash loop')).toBe(delayMs === 800);
    }
    expect(supervisor.pids().steady).toBe(steadyPid);
    expect(alive(steadyPid)).toBe(true);
    expect(supervisor.restartsOf('steady')).toBe(0);
  });

  it('restarts an app that exits with an error code on its own, naming the code', async () => {
    const before = readyLines('steady');
    process.kill(supervisor.pids().steady!, 'SIGUSR2');
    await eventually(async () => readyLines('steady') === before + 1, 10_000, 20);
    expect(lines.some((line) => line.startsWith('steady ended unexpectedly (exit code 3)') && line.includes('(crash 1 in a row)'))).toBe(
      true,
    );
  });

  it('stops every app on stop() and restarts none of them', async () => {
    const pids = Object.values(supervisor.pids());
    await supervisor.stop();
    expect(pids.every((pid) => !alive(pid))).toBe(true);
    expect(lines.filter((line) => / stopped \(exit code 0\)$/.test(line))).toHaveLength(2);
    const startsBefore = starts.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // longer than any backoff: nothing comes back
    expect(starts).toHaveLength(startsBefore);
    expect(Object.values(supervisor.pids()).every((pid) => !alive(pid))).toBe(true);
  });
});
