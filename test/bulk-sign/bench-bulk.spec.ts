import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Keeps `npm run bench:bulk` working: a small run end to end, its report, and no database or queue left behind. */
describe('npm run bench:bulk', () => {
  it('warms each worker up, concludes every document of a small run and ends with one JSON line of figures', async () => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/bench-bulk.ts', '--documents', '3', '--workers', '2', '--warmup', '2'],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    // Two documents per worker.
    expect(lines).toContain('bench:bulk: warmed up: 4 other documents signed before the clock');
    expect(lines.some((line) => line.startsWith('bench:bulk: 3/3 concluded'))).toBe(true);
    const result = JSON.parse(lines[lines.length - 1]) as Record<string, number>;
    expect(result).toMatchObject({ documents: 3, concluded: 3, failed: 0, workers: 2, warmupDocuments: 4 });
    // Each of the 3 went through the real flow and was signed by the sender: 3 PDFs, the report's the median one.
    const pdfs = result as unknown as { distinctPdfs: number; pdfBytes: number; pdfBytesRange: [number, number] };
    expect(pdfs.distinctPdfs).toBe(3);
    expect(pdfs.pdfBytesRange[0]).toBeLessThanOrEqual(pdfs.pdfBytes);
    expect(pdfs.pdfBytes).toBeLessThanOrEqual(pdfs.pdfBytesRange[1]);
    expect(lines).toContain(
      `bench:bulk: 3 documents waiting for receipt: copies, shuffled, of 3 distinct signed PDFs of ${pdfs.pdfBytesRange[0]}–${pdfs.pdfBytesRange[1]} bytes (median ${pdfs.pdfBytes})`,
    );
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.docsPerSec).toBeGreaterThan(0);
    expect(result.floorDocsPerSec).toBeGreaterThan(result.docsPerSec);
    expect(result.ratioToFloor).toBeCloseTo(result.docsPerSec / result.floorDocsPerSec, 2);
    expect(result.p95Ms).toBeGreaterThanOrEqual(result.p50Ms);
    // How busy the machine's cores were while the clock ran (CPU ticks are 10 ms, so a short run may read a little over 1).
    expect(result.machineCpuMsPerDoc).toBeGreaterThan(0);
    expect(result.machineBusy).toBeGreaterThan(0);
    expect(result.machineBusy).toBeLessThanOrEqual(1.1);
    const cores = os.availableParallelism();
    expect(lines).toContain(
      `bench:bulk: machine: ${result.machineCpuMsPerDoc} CPU-ms per document; its ${cores} cores ${(result.machineBusy * 100).toFixed(0)} % busy while the clock ran`,
    );
    // The workers' memory: the default budget, and a peak no lower than what they held when the clock started.
    const memory = result as unknown as { memoryBudgetMb: number; workerRssMb: { atStart: number; peak: number } };
    expect(memory.memoryBudgetMb).toBe(512);
    expect(memory.workerRssMb.atStart).toBeGreaterThan(0);
    expect(memory.workerRssMb.peak).toBeGreaterThanOrEqual(memory.workerRssMb.atStart);
    expect(
      lines.some((line) => /^bench:bulk: signing-worker memory: \d+ MiB at most, [\d.]+× the \d+ MiB when the clock started/.test(line)),
    ).toBe(true);
  }, 180_000);
});
