import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export interface DemoRun {
  code: number | null;
  output: string;
}

/**
 * `npm run demo -- <args>` as its own process, mails read from `mailDropDir`
 * (no SMTP server): what it printed (stdout and stderr together) and its exit code.
 */
export function runDemo(mailDropDir: string, args: string[], timeoutMs = 120_000): Promise<DemoRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MAIL_DROP_DIR: mailDropDir, SMTP_URL: '' };
  delete env.PUBLIC_BASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/demo.ts', ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo did not finish within ${timeoutMs} ms; output so far:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
