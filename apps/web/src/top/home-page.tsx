import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session';
import { Page } from '../shell/page';
import { TopPage } from './top-page';

/** `/`: a user's トップページ, or the operator's (its console has no マイリスト or company notices to ask for). */
export function HomePage() {
  const { session } = useSignedIn();
  const { t } = useTranslation('shell');
  if (session.kind === 'operator') {
    return (
      <Page title={t('operatorTop.title')}>
        <p>{t('operatorTop.lead')}</p>
      </Page>
    );
  }
  return <TopPage />;
}
