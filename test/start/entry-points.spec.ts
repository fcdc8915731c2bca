import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');

/** Each process refuses to start on a bad environment, naming the variable, with exit code 78 (EX_CONFIG). */
describe.each([
  ['gateway', 'apps/gateway/src/main.ts'],
  ['identity', 'apps/identity/src/main.ts'],
  ['signing-worker', 'apps/signing/src/worker.ts'],
  ['migrate', 'scripts/migrate.ts'],
])('%s entry point', (name, entry) => {
  it('exits 78 and names each invalid variable', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', entry], {
      cwd: repo,
      env: { ...process.env, GATEWAY_PORT: 'abc', AMQP_URL: 'http://nope' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain(`${name}: Invalid configuration / 設定が正しくありません`);
    expect(run.stderr).toContain('GATEWAY_PORT: must be a port number (0 to 65535)');
    expect(run.stderr).toContain('AMQP_URL: must be a URL starting with amqp:// or amqps://');
  });
});
