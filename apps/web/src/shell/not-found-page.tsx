import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from './page';

export function NotFoundPage() {
  const { t } = useTranslation('shell');
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('common:toTop')}</Link>
      </p>
    </Page>
  );
}
