import { useTranslation } from 'react-i18next';
import { Page } from './page';

/** A menu entry's screen that is not built yet: its title and a line saying so. Replaced line by line in routes.tsx. */
export function PlaceholderPage({ title }: { title: string }) {
  const { t } = useTranslation('shell');
  return (
    <Page title={title}>
      <p data-testid="placeholder">{t('placeholder.body')}</p>
    </Page>
  );
}
