import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A dictionary file's content: nested keys, string leaves. */
export interface Dictionary {
  [key: string]: string | Dictionary;
}

// Every file of ja/ and en/ is one namespace, named by the file (`bulk-sign.ts` → `bulk-sign:`), so a domain adds its file without touching this one.
const jaFiles = import.meta.glob<Dictionary>('./ja/*.ts', { eager: true, import: 'default' });
const enFiles = import.meta.glob<Dictionary>('./en/*.ts', { eager: true, import: 'default' });

function byNamespace(files: Record<string, Dictionary>): Record<string, Dictionary> {
  return Object.fromEntries(Object.entries(files).map(([file, dictionary]) => [file.replace(/^.*\/([^/]+)\.ts$/, '$1'), dictionary]));
}

const STORED_LANGUAGE = 'inkan.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'ja' || value === 'en';
}

/** Before login: the language last chosen on this browser, else Japanese (the product's first language). */
function initialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORED_LANGUAGE);
    return isLanguage(stored) ? stored : 'ja';
  } catch {
    return 'ja';
  }
}

/** Shows `language` from now on and remembers it on this browser for the next visit's ログイン. */
export async function applyLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORED_LANGUAGE, language);
  } catch {
    // Storage may be off (private mode); the language still applies to this visit.
  }
  if (i18next.language !== language) {
    await i18next.changeLanguage(language);
  }
}

export const i18n = i18next;

/** Called once before the first render. A key missing from a dictionary logs a console error, which the browser tests fail on. */
export async function initI18n(): Promise<void> {
  const ja = byNamespace(jaFiles);
  const en = byNamespace(enFiles);
  await i18next.use(initReactI18next).init({
    resources: { ja, en },
    lng: initialLanguage(),
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    ns: Object.keys(ja),
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (languages, namespace, key) => {
      // eslint-disable-next-line no-console
      console.error(`missing dictionary key ${namespace}:${key} (${languages.join(',')})`);
    },
  });
  const mark = () => document.documentElement.setAttribute('lang', i18next.language);
  mark();
  i18next.on('languageChanged', mark);
}
