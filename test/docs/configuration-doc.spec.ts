import { readFileSync } from 'node:fs';
import { configSchema } from '@app/config';
import { CONFIGURATION_DOC, formattedConfigurationDoc, renderConfigurationDoc } from '@scripts/docs-config';

/** docs/configuration.md is generated from libs/config's schema; a schema change without `npm run docs:config` fails here. */
describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` writes from the current schema', () => {
    const expected = formattedConfigurationDoc();
    const actual = readFileSync(CONFIGURATION_DOC, 'utf8');
    if (actual !== expected) {
      throw new Error('docs/configuration.md is stale: run `npm run docs:config` and commit the result');
    }
  });

  it('lists every variable of the schema once, with its default and a meaning', () => {
    const page = renderConfigurationDoc();
    for (const name of Object.keys(configSchema.shape)) {
      const rows = page.split('\n').filter((line) => line.startsWith(`| \`${name}\` |`));
      expect(rows).toHaveLength(1);
      const cells = rows[0].split(' | ');
      expect(cells[3]?.replace(/\|$/, '').trim()).not.toBe('');
    }
    expect(page).toContain('| `BULK_SIGN_MEMORY_MB` | `512` | integer, 16 … 1048576 |');
    expect(page).toContain('| `SIGNING_MASTER_KEY` | development key (refused in production) |');
  });
});
