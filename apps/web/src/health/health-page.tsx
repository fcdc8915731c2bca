import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Footer } from '../shell/footer';
import { Page } from '../shell/page';
import { HealthPanel } from './health-panel';

/** 稼働状況: the gateway's /health, reachable without logging in. */
export function HealthPage() {
  const { t } = useTranslation('health');
  return (
    <div className="app">
      <main className="screen narrow" id="main">
        <Page title={t('title')}>
          <section aria-labelledby="health-heading">
            <h2 id="health-heading">{t('heading')}</h2>
            <HealthPanel />
          </section>
          <p>
            <Link to="/">{t('common:toTop')}</Link>
          </p>
        </Page>
      </main>
      <Footer />
    </div>
  );
}
