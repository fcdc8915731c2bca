import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nssDatabaseTrusting, runTool, tempDir } from './signing-fixtures';

describe('npm run demo:sign -- --out DIR', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('writes a two-party PDF that pdfsig validates with the written root trusted, and the root CA', () => {
    const out = path.join(tmp.dir, 'out');
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/demo-sign.ts', '--out', out], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.match(/demo:sign: VALID/g)).toHaveLength(2);
    expect(existsSync(path.join(out, 'two-party.pdf'))).toBe(true);
    const rootPem = readFileSync(path.join(out, 'root-ca.pem'), 'utf8');
    expect(rootPem).toContain('BEGIN CERTIFICATE');
    const db = nssDatabaseTrusting(tmp.dir, rootPem);
    const { output } = runTool('pdfsig', ['-nssdir', db, path.join(out, 'two-party.pdf')]);
    expect(output.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(output.match(/Certificate is Trusted\./g)).toHaveLength(2);
    expect(output).toContain('株式会社元請建設');
    expect(output).toContain('有限会社下請工業');
  });

  it('explains its usage without --out', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/demo-sign.ts'], { encoding: 'utf8' });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('usage: npm run demo:sign -- --out DIR');
  });
});
