import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { mayBulkSign, useSignedIn } from '../auth/session';
import { Page } from '../shell/page';
import { NoticeBoard } from '../notices/notice-board';
import { BulkResult } from './bulk-result';
import { MyList } from './my-list';

/** トップページ: the result of a finished 一括署名（受取） (when the URL names one), お知らせ, the way to 一括署名 for a bulk user, and マイリスト. */
export function TopPage() {
  const { t } = useTranslation('top');
  const { session, company } = useSignedIn();
  return (
    <Page title={t('title')}>
      <BulkResult />

      {mayBulkSign(session, company) && (
        <section className="actions" aria-label={t('shell:menu.bulkSign')}>
          <Link className="button" to="/bulk-sign">
            {t('shell:menu.bulkSign')}
          </Link>
        </section>
      )}

      <NoticeBoard />

      <MyList />
    </Page>
  );
}
