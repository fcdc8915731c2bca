import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every relative link and image in the repository's own documentation points to a file (and heading) that exists. */
const ROOT = resolve(__dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const pages = [
  ...['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'apps/signing/README.md', 'apps/contract-workflow/LEDGER.md']
    .map((file) => join(ROOT, file))
    .filter((file) => existsSync(file)),
  ...markdownFiles(join(ROOT, 'docs')),
];

/** The text outside fenced code blocks and inline code, where a `[x](y)` is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = match[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

interface Link {
  page: string;
  target: string;
}

function linksOf(page: string): Link[] {
  const text = prose(readFileSync(page, 'utf8'));
  return [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => ({ page, target }));
}

function problemOf({ page, target }: Link): string | undefined {
  const [pathPart, anchor] = target.split('#', 2);
  const file = pathPart === '' ? page : resolve(dirname(page), decodeURIComponent(pathPart));
  const where = `${relative(ROOT, page)} → ${target}`;
  if (!existsSync(file)) return `${where}: no such file`;
  if (anchor && file.endsWith('.md') && !anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor))) {
    return `${where}: no heading with that anchor`;
  }
  return undefined;
}

describe('documentation links', () => {
  it('finds the pages and their links', () => {
    expect(pages.map((page) => relative(ROOT, page))).toEqual(
      expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/bulk-signing.md']),
    );
    expect(linksOf(join(ROOT, 'README.md')).length).toBeGreaterThan(10);
  });

  it('resolves every relative link and image in README.md and docs/', () => {
    const problems = pages.flatMap(linksOf).map(problemOf).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it('names only files and folders that exist when it gives a repository path in code quotes', () => {
    // `apps/…`, `libs/…`, `scripts/…`, `test/…`, `deploy/…`: the map from a capability to its code. Patterns
    // (`*`, `<service>`, `{ja,en}`, `…`) are not paths.
    const missing = pages.flatMap((page) =>
      [...readFileSync(page, 'utf8').matchAll(/`((?:apps|libs|scripts|test|deploy)\/[^`\s]+)`/g)]
        .map((match) => match[1].replace(/[:,]$/, ''))
        .filter((path) => !/[*<{…]/.test(path) && !existsSync(join(ROOT, path)))
        .map((path) => `${relative(ROOT, page)}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('computes anchors as GitHub does', () => {
    const anchors = anchorsOf('# Bulk signing (一括署名)\n## `plan_cache_mode` and batches\n## Notes\n## Notes\n');
    expect([...anchors]).toEqual(['bulk-signing-一括署名', 'plan_cache_mode-and-batches', 'notes', 'notes-1']);
  });
});
