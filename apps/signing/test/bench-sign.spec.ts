import { spawnSync } from 'node:child_process';

describe('npm run bench:sign', () => {
  it('prints a table and, last, one JSON line with the per-document costs of ours, signer-p12 and the floor', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/bench-sign.ts', '--quick'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.some((line) => /^\s*small\s+\d+\s+RSA\s/.test(line))).toBe(true);
    expect(lines.some((line) => /^\s*500KB\s+\d+\s+ECDSA\s/.test(line))).toBe(true);
    const result = JSON.parse(lines[lines.length - 1]) as Record<string, number>;
    expect(result.oursMsPerDoc).toBeGreaterThan(0);
    // Orderings that hold by a wide margin on any machine (the targets themselves are checked by reading the full run).
    expect(result.floorMsPerDoc).toBeLessThan(result.oursMsPerDoc);
    expect(result.oursMsPerDoc * 5).toBeLessThan(result.p12MsPerDoc);
  });
});
