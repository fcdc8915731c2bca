import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The product's footer: on ログイン and under every screen. */
export function Footer() {
  const { t } = useTranslation('shell');
  return (
    <footer className="app-footer">
      <p>{t('footer.copyright')}</p>
      <Link to="/health-status">{t('footer.status')}</Link>
    </footer>
  );
}
