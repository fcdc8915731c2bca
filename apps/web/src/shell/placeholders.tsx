import { useTranslation } from 'react-i18next';
import { Footer } from './footer';
import { PlaceholderPage } from './placeholder-page';

/** A signed-in screen still to build; `title` is a dictionary key (`shell:menu.templates`). */
export function Placeholder({ title }: { title: string }) {
  const { t } = useTranslation();
  return <PlaceholderPage title={t(title)} />;
}

/** A screen still to build that needs no login (パスワードを忘れた場合). */
export function PublicPlaceholder({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">{t('appName')}</span>
      </header>
      <main className="screen narrow" id="main">
        <PlaceholderPage title={t(title)} />
      </main>
      <Footer />
    </div>
  );
}
