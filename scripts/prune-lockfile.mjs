// The npm registry this project is built against serves only some platforms'
// prebuilt binaries (swc, rollup, esbuild …), so `npm install` writes a lock
// whose packages name optional dependencies it could not record. npm 11's
// `npm ci` refuses such a lock. This drops those dangling optional edges so
// `npm ci` works; run it after every `npm install` (`npm run lock:prune`).
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const present = new Set(Object.keys(lock.packages));
let pruned = 0;

for (const [location, entry] of Object.entries(lock.packages)) {
  if (!entry.optionalDependencies) {
    continue;
  }
  for (const name of Object.keys(entry.optionalDependencies)) {
    // npm resolves a dependency from the nearest node_modules upwards.
    const candidates = [];
    for (let base = location; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      candidates.push(`${base ? `${base}/` : ''}node_modules/${name}`);
      if (!base.includes('node_modules/')) {
        break;
      }
    }
    if (!candidates.some((candidate) => present.has(candidate))) {
      delete entry.optionalDependencies[name];
      pruned += 1;
    }
  }
  if (Object.keys(entry.optionalDependencies).length === 0) {
    delete entry.optionalDependencies;
  }
}

writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock:prune: removed ${pruned} optional dependencies the registry does not serve`);
