import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyLanguage, isLanguage, Language } from '../i18n/i18n';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';

const NAMES: Record<Language, string> = { ja: '日本語', en: 'English' };

/** 個人設定 → 言語: 日本語 / English for this browser, at once. */
export function LanguagePage() {
  const { t, i18n } = useTranslation('settings');
  const announce = useAnnounce();
  const [saved, setSaved] = useState(false);
  const choose = (language: Language) => {
    void applyLanguage(language).then(() => {
      setSaved(true);
      announce(i18n.t('settings:language.saved'));
    });
  };
  return (
    <Page title={t('language.title')}>
      <fieldset className="choices">
        <legend>{t('language.label')}</legend>
        {(Object.keys(NAMES) as Language[]).map((language) => (
          <label key={language} lang={language}>
            <input
              type="radio"
              name="language"
              value={language}
              checked={i18n.language === language}
              onChange={(event) => isLanguage(event.target.value) && choose(event.target.value)}
            />
            {NAMES[language]}
          </label>
        ))}
      </fieldset>
      {saved && <p className="notice">{t('language.saved')}</p>}
    </Page>
  );
}
