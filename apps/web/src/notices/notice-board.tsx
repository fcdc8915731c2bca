import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import type { NoticePage, NoticeView } from '../api/api-types';
import { useSignedIn } from '../auth/session';
import { ErrorMessage } from '../ui/error-message';
import { formatDate } from '../ui/format';

function NoticeList({ notices }: { notices: NoticeView[] }) {
  const { t } = useTranslation('notices');
  return (
    <ul className="notices">
      {notices.map((notice) => (
        <li key={notice.noticeId} className={notice.importance === 'IMPORTANT' ? 'important' : undefined} data-scope={notice.scope}>
          <strong>
            {notice.importance === 'IMPORTANT' && `${t('importantMark')} `}
            {notice.title}
          </strong>{' '}
          <span className="muted">{formatDate(notice.publishedAt)}</span>
          <p className="preserve-lines">{notice.body}</p>
        </li>
      ))}
    </ul>
  );
}

/**
 * トップページ's お知らせ: the platform's under 「■ inkanからのお知らせ」 (said
 * so when there are none, as the seed shows), and the own company's under its
 * name, shown only when it has some. Bodies keep their line breaks.
 */
export function NoticeBoard() {
  const { t } = useTranslation('top');
  const { company } = useSignedIn();
  const notices = useQuery({ queryKey: ['notices', 'current'], queryFn: () => api<NoticePage>('GET', '/api/notices') });
  const items = notices.data?.items ?? [];
  const platform = items.filter((notice) => notice.scope === 'PLATFORM');
  const own = items.filter((notice) => notice.scope === 'COMPANY');
  return (
    <>
      <section aria-labelledby="notices-heading">
        <h2 id="notices-heading">{t('notices')}</h2>
        {notices.error && <ErrorMessage error={notices.error} />}
        {notices.data && platform.length === 0 && <p>{t('noNotices')}</p>}
        {platform.length > 0 && <NoticeList notices={platform} />}
      </section>
      {own.length > 0 && (
        <section aria-labelledby="company-notices-heading" data-testid="company-notices">
          <h2 id="company-notices-heading">{t('notices:companyHeading', { company: company?.name ?? '' })}</h2>
          <NoticeList notices={own} />
        </section>
      )}
    </>
  );
}
