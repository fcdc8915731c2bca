import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The git hooks `npm ci` / `npm install` put in place through `prepare` (husky): lint-staged runs Prettier and
 * ESLint on the staged files before each commit, and the commit message gets a subject of at most 72 characters
 * and a blank line before its body. Checked in a scratch repository holding this one's hook files and
 * configuration (node_modules linked), with the real git, husky, lint-staged, Prettier and ESLint.
 */

const repoRoot = path.resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  'lint-staged': Record<string, string | string[]>;
};

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      HUSKY: '',
      ...env,
    },
  });
}

function checkMessage(message: string): SpawnSyncReturns<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'inkan-msg-'));
  try {
    writeFileSync(path.join(dir, 'COMMIT_EDITMSG'), message);
    return run(process.execPath, [path.join(repoRoot, 'scripts/check-commit-msg.mjs'), path.join(dir, 'COMMIT_EDITMSG')], repoRoot);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('commit messages (scripts/check-commit-msg.mjs, the commit-msg hook)', () => {
  it.each([
    ['a subject alone', 'Add the OCSP responder\n'],
    ['a subject of exactly 72 characters and a body', `${'x'.repeat(72)}\n\nWhy: the figures.\n`],
    ['72 Japanese characters', `${'印'.repeat(72)}\n`],
    ["git's comment lines, however long", `Fix the relay\n\nBecause.\n# ${'#'.repeat(100)}\n`],
  ])('accepts %s', (_case, message) => {
    const result = checkMessage(message);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it.each([
    ['a subject of 73 characters', `${'x'.repeat(73)}\n\nWhy.\n`, 'the subject has 73 characters; at most 72'],
    ['a body right below the subject', 'Fix the relay\nbecause it stalled\n', 'a blank line must separate the subject from the body'],
    ['an empty message', '\n# only a comment\n', 'the message is empty'],
  ])('refuses %s, saying why', (_case, message, problem) => {
    const result = checkMessage(message);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(problem);
  });
});

describe('the pre-commit and commit-msg hooks in a scratch repository', () => {
  let dir: string;
  const git = (...args: string[]) => run('git', args, dir);
  const committed = () => git('log', '--format=%s').stdout.trim().split('\n').filter(Boolean);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'inkan-hooks-'));
    for (const file of ['package.json', 'eslint.config.mjs', 'tsconfig.json', '.prettierrc.json', '.prettierignore']) {
      copyFileSync(path.join(repoRoot, file), path.join(dir, file));
    }
    cpSync(path.join(repoRoot, '.husky'), path.join(dir, '.husky'), { recursive: true });
    mkdirSync(path.join(dir, 'scripts'));
    copyFileSync(path.join(repoRoot, 'scripts/check-commit-msg.mjs'), path.join(dir, 'scripts/check-commit-msg.mjs'));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
    expect(git('init', '-q', '-b', 'main').status).toBe(0);
    // What `npm ci` runs after installing: husky points git at .husky/_.
    const prepared = run('npm', ['run', '--silent', 'prepare'], dir);
    expect(prepared.status).toBe(0);
    expect(git('config', 'core.hooksPath').stdout.trim()).toBe('.husky/_');
    mkdirSync(path.join(dir, 'libs/example/src'), { recursive: true });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('formats a staged TypeScript file with Prettier before committing it', () => {
    writeFileSync(path.join(dir, 'libs/example/src/sum.ts'), 'export function sum(a: number,b: number): number {return a+b}\n');
    expect(git('add', 'libs/example/src/sum.ts', '.gitignore').status).toBe(0);
    const commit = git('commit', '-q', '-m', 'Add sum', '-m', 'The example the hook formats.');
    expect(commit.status).toBe(0);
    expect(committed()).toEqual(['Add sum']);
    expect(git('show', 'HEAD:libs/example/src/sum.ts').stdout).toBe(
      'export function sum(a: number, b: number): number {\n  return a + b;\n}\n',
    );
  });

  it('refuses a commit ESLint finds fault with, and commits nothing', () => {
    writeFileSync(
      path.join(dir, 'libs/example/src/equal.ts'),
      'export function same(a: unknown, b: unknown): boolean {\n  return a == b;\n}\n',
    );
    git('add', 'libs/example/src/equal.ts');
    const commit = git('commit', '-q', '-m', 'Add same', '-m', 'Loose equality, which the rules forbid.');
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toContain('eqeqeq');
    expect(committed()).toEqual(['Add sum']);
    git('rm', '-q', '--cached', 'libs/example/src/equal.ts');
  });

  it('refuses a subject longer than 72 characters, and commits nothing', () => {
    writeFileSync(path.join(dir, 'notes.md'), '# Notes\n');
    git('add', 'notes.md');
    const commit = git('commit', '-q', '-m', `Add notes ${'x'.repeat(70)}`, '-m', 'Why.');
    expect(commit.status).not.toBe(0);
    expect(commit.stderr).toContain('at most 72');
    expect(committed()).toEqual(['Add sum']);
  });

  it('lints *.ts and *.tsx with Prettier and ESLint, and formats the other text files', () => {
    expect(packageJson['lint-staged']['*.{ts,tsx}']).toEqual(['prettier --write', 'eslint --max-warnings 0 --no-warn-ignored']);
    expect(readFileSync(path.join(repoRoot, '.husky/pre-commit'), 'utf8')).toMatch(/^lint-staged$/m);
    expect(readFileSync(path.join(repoRoot, '.husky/commit-msg'), 'utf8')).toMatch(/^node scripts\/check-commit-msg\.mjs "\$1"$/m);
  });
});

describe('prepare (runs on every npm ci)', () => {
  it('passes where husky is not installed (npm ci --omit=dev in the image) and where .git is absent', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inkan-prepare-'));
    try {
      const bare = run('sh', ['-c', packageJson.scripts.prepare], dir, { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` });
      expect(bare.status).toBe(0);
      const noGit = run('sh', ['-c', packageJson.scripts.prepare], dir, {
        PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      });
      expect({ status: noGit.status, stdout: noGit.stdout }).toEqual({ status: 0, stdout: ".git can't be found" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
