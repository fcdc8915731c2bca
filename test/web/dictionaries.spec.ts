import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The web UI's dictionaries (apps/web/src/i18n): every namespace exists in
 * Japanese and English with the same keys, no empty text, and the same
 * {{placeholders}} in both, so no screen shows a key or loses a value in
 * either language.
 */
const I18N = path.resolve(__dirname, '../../apps/web/src/i18n');

type Dictionary = { [key: string]: string | Dictionary };

function leaves(dictionary: Dictionary, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(dictionary)) {
    if (typeof value === 'string') {
      found.set(`${prefix}${key}`, value);
    } else {
      leaves(value, `${prefix}${key}.`).forEach((text, name) => found.set(name, text));
    }
  }
  return found;
}

const load = async (language: string, file: string): Promise<Dictionary> =>
  ((await import(path.join(I18N, language, file))) as { default: Dictionary }).default;
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]))].sort();

describe('web UI dictionaries', () => {
  const files = readdirSync(path.join(I18N, 'ja')).filter((file) => file.endsWith('.ts'));

  it('has the same namespaces in ja and en', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(
      readdirSync(path.join(I18N, 'en'))
        .filter((file) => file.endsWith('.ts'))
        .sort(),
    ).toEqual([...files].sort());
  });

  it.each(files)('%s: the same keys and placeholders in both languages, no empty text', async (file) => {
    const ja = leaves(await load('ja', file));
    const en = leaves(await load('en', file));
    expect([...en.keys()].sort()).toEqual([...ja.keys()].sort());
    for (const [key, text] of ja) {
      expect({ key, ja: text.trim().length > 0, en: (en.get(key) ?? '').trim().length > 0 }).toEqual({ key, ja: true, en: true });
      expect({ key, placeholders: placeholders(en.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(text) });
    }
  });
});
