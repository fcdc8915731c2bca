/**
 * The Node.js options a signing-worker process is started with, before its
 * entry point: `node --initial-old-space-size=256 dist/apps/signing/src/worker.js`.
 * `npm start`, compose, the benchmark and the tests' worker processes all use
 * them; V8 reads them only when the process starts (NODE_OPTIONS refuses them).
 *
 * Why: a worker keeps its documents' PDFs in Buffers from lookup until their
 * signed copies commit, long enough for many to survive into V8's old
 * generation. V8 then sized the old generation's limit from the small heap
 * left after each full collection (about 56 MB live, so a limit near 80 MB)
 * and started the next one within 0.2–1 s: 15 full mark-compacts in a
 * 2,000-document benchmark (after as many warming up), each marking the whole
 * heap on helper threads (3.6–4.5 s of background marking in all). Starting
 * with room for 256 MB of old objects leaves 3 (0.6–0.7 s). Measured
 * alternately with `bench:bulk -- --documents 2000` (4 pairs): 232–286 →
 * 303–326 documents/s, machine CPU 6.35–7.93 → 5.51–6.04 ms per document.
 * The price is memory: a worker may hold up to 256 MB of unreachable objects
 * before V8 collects them (its resident size grew from about 260 MB by
 * under 20 MB in those runs).
 */
export const SIGNING_WORKER_NODE_OPTIONS: readonly string[] = ['--initial-old-space-size=256'];

/** Those of SIGNING_WORKER_NODE_OPTIONS this process was started without (from `process.execArgv`). */
export function missingWorkerNodeOptions(execArgv: readonly string[]): string[] {
  return SIGNING_WORKER_NODE_OPTIONS.filter((option) => {
    const name = option.split('=')[0];
    return !execArgv.some((argument) => argument === option || argument.startsWith(`${name}=`));
  });
}
