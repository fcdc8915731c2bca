import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { NoticePage } from '../api/api-types';
import { mayBulkSign, useSignedIn } from '../auth/session';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { formatDate } from '../ui/format';
import { MyList } from './my-list';

/** トップページ: お知らせ, the way to 一括署名 for a bulk user, and マイリスト. */
export function TopPage() {
  const { t } = useTranslation('top');
  const { session, company } = useSignedIn();
  const notices = useQuery({ queryKey: ['notices'], queryFn: () => api<NoticePage>('GET', '/api/notices') });
  return (
    <Page title={t('title')}>
      {mayBulkSign(session, company) && (
        <section className="actions" aria-label={t('shell:menu.bulkSign')}>
          <Link className="button" to="/bulk-sign">
            {t('shell:menu.bulkSign')}
          </Link>
        </section>
      )}

      <section aria-labelledby="notices-heading">
        <h2 id="notices-heading">{t('notices')}</h2>
        {notices.error && <ErrorMessage error={notices.error} />}
        {notices.data && notices.data.items.length === 0 && <p>{t('noNotices')}</p>}
        {notices.data && notices.data.items.length > 0 && (
          <ul className="notices">
            {notices.data.items.map((notice) => (
              <li key={notice.noticeId} className={notice.importance === 'IMPORTANT' ? 'important' : undefined}>
                <strong>{notice.title}</strong> <span className="muted">{formatDate(notice.publishedAt)}</span>
                <p className="preserve-lines">{notice.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <MyList />
    </Page>
  );
}
