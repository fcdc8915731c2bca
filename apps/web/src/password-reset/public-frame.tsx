import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Footer } from '../shell/footer';

/** The frame of a screen reached without login: the product's name, the screen, the footer. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">{t('appName')}</span>
      </header>
      <main className="screen narrow" id="main">
        {children}
      </main>
      <Footer />
    </div>
  );
}
