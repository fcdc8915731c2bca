import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { SESSION_KEY } from '../auth/session';
import { applyLanguage, isLanguage, Language } from '../i18n/i18n';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';

const NAMES: Record<Language, string> = { ja: '日本語', en: 'English' };

/**
 * 個人設定 → 言語: 日本語 / English. Saved as the person's setting
 * (PATCH /api/auth/profile), so it holds after a reload, on any browser,
 * and for the mails; the screen switches at once.
 */
export function LanguagePage() {
  const { t, i18n } = useTranslation('settings');
  const client = useQueryClient();
  const announce = useAnnounce();
  // The choice shows at once (a controlled radio re-rendered before the mutation's state would snap back).
  const [chosen, setChosen] = useState<Language | null>(null);
  const save = useMutation({
    mutationFn: async (language: Language) => {
      await api('PATCH', '/api/auth/profile', { language });
      await applyLanguage(language);
    },
    onSuccess: () => {
      announce(i18n.t('settings:language.savedForUser'));
      // The session carries the language the shell applies; read it again.
      return client.invalidateQueries({ queryKey: SESSION_KEY });
    },
    onError: () => setChosen(null),
  });
  return (
    <Page title={t('language.title')}>
      <ErrorMessage error={save.error} />
      <fieldset className="choices">
        <legend>{t('language.label')}</legend>
        {(Object.keys(NAMES) as Language[]).map((language) => (
          <label key={language} lang={language}>
            <input
              type="radio"
              name="language"
              value={language}
              checked={(chosen ?? i18n.language) === language}
              onChange={(event) => {
                if (isLanguage(event.target.value)) {
                  setChosen(event.target.value);
                  save.mutate(event.target.value);
                }
              }}
            />
            {NAMES[language]}
          </label>
        ))}
      </fieldset>
      {save.isSuccess && (
        <p className="notice long-words" role="status">
          {t('language.savedForUser')}
        </p>
      )}
    </Page>
  );
}
