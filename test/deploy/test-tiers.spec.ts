import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The three test tiers of jest.config.js (docs/testing.md): every spec file belongs to exactly one, chosen by where
 * it lives, so a new spec needs no list to be run; and the unit tier runs without services.
 */

const repoRoot = path.resolve(__dirname, '../..');
const TIERS = {
  unit: /^(apps|libs)\/[^/]+\/src\//,
  integration: /^(apps|libs)\/[^/]+\/test\//,
  e2e: /^test\//,
} as const;
type Tier = keyof typeof TIERS;

/** What `jest --selectProjects <tier>` would run, relative to the repository. */
function listed(tier: Tier): string[] {
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/jest/bin/jest.js'), '--selectProjects', tier, '--listTests'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  expect({ tier, status: result.status }).toEqual({ tier, status: 0 });
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith(repoRoot))
    .map((line) => path.relative(repoRoot, line))
    .sort();
}

/** Every *.spec.ts of the repository outside node_modules, dist and the web UI (built by Vite, no jest specs). */
function specsOnDisk(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist'].includes(entry.name) && relative !== 'apps/web') {
          walk(relative);
        }
      } else if (entry.name.endsWith('.spec.ts')) {
        found.push(relative);
      }
    }
  };
  for (const top of ['apps', 'libs', 'test']) {
    walk(top);
  }
  return found.sort();
}

describe('test tiers (jest projects)', () => {
  let lists: Record<Tier, string[]>;
  beforeAll(() => {
    lists = { unit: listed('unit'), integration: listed('integration'), e2e: listed('e2e') };
  });

  it.each(Object.keys(TIERS) as Tier[])('the %s tier holds the specs of its folders and none other', (tier) => {
    expect(lists[tier].length).toBeGreaterThan(0);
    expect(lists[tier].filter((file) => !TIERS[tier].test(file))).toEqual([]);
  });

  it('runs every spec file of the repository in exactly one tier', () => {
    const all = [...lists.unit, ...lists.integration, ...lists.e2e].sort();
    expect(all).toEqual(specsOnDisk());
    expect(new Set(all).size).toBe(all.length);
  });

  it('gives the unit tier no services: their URLs point at a closed loopback port', async () => {
    const result = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(repoRoot, 'test/unit-tier-env.js'))});
         const { DATABASE_URL, SIGNING_DATABASE_URL, AMQP_URL, REDIS_URL } = process.env;
         process.stdout.write(JSON.stringify({ DATABASE_URL, SIGNING_DATABASE_URL, AMQP_URL, REDIS_URL }));`,
      ],
      { encoding: 'utf8', env: { ...process.env, SIGNING_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/inkan' } },
    );
    const env = JSON.parse(result.stdout) as Record<string, string | undefined>;
    expect(env).toEqual({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/inkan',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:1',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(1, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
