// Compiles the TypeScript of every app, lib and script into dist/ (same
// relative paths, path aliases rewritten by swc), then builds the web UI.
// Type-checking is separate (`npm run typecheck`); this only transpiles, fast.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFileSync } from '@swc/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
const tsconfig = JSON.parse(
  // tsconfig.json is plain JSON here (no comments), so it is the one source of the aliases.
  (await import('node:fs')).readFileSync(path.join(root, 'tsconfig.json'), 'utf8'),
);

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules' && name !== 'test') {
        yield* sources(full);
      }
    } else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') && !name.endsWith('.config.ts')) {
      yield full;
    }
  }
}

const roots = [
  ...readdirSync(path.join(root, 'apps'))
    .filter((app) => app !== 'web')
    .map((app) => path.join(root, 'apps', app, 'src')),
  ...readdirSync(path.join(root, 'libs')).map((lib) => path.join(root, 'libs', lib, 'src')),
  path.join(root, 'scripts'),
];

const skipWeb = process.argv.includes('--no-web');
rmSync(out, { recursive: true, force: true });
let count = 0;
for (const dir of roots) {
  for (const file of sources(dir)) {
    const { code, map } = transformFileSync(file, {
      jsc: {
        baseUrl: root,
        paths: tsconfig.compilerOptions.paths,
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: true,
      swcrc: false,
    });
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    writeFileSync(`${target}.map`, map ?? '');
    count += 1;
  }
}
console.log(`build: ${count} TypeScript files compiled into dist/`);

if (!skipWeb) {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  console.log('build: web UI built into dist/web/');
}
