import { mayBulkSign, useSession } from '../auth/session-context';
import { ErrorMessage } from '../shell/error-message';
import { formatDate } from '../shell/labels';
import { Layout } from '../shell/layout';
import { Routes } from '../shell/router';
import { useApiGet } from '../shell/use-api';
import { MyList } from './my-list';

interface NoticePage {
  items: { noticeId: string; title: string; body: string; importance: 'NORMAL' | 'IMPORTANT'; publishedAt: string }[];
}

/** トップページ: お知らせ, the way to 一括署名 for a bulk user, and マイリスト (at `page`). */
export function TopPage({ page }: { page: number }) {
  const { state } = useSession();
  const notices = useApiGet<NoticePage>('/api/notices');
  if (state.status !== 'signed-in') {
    return null;
  }
  return (
    <Layout title="トップページ">
      {mayBulkSign(state.session, state.company) && (
        <section className="actions" aria-label="一括署名">
          <a className="button" href={`#${Routes.bulkSignSelect}`}>
            契約文書一括署名（受取）
          </a>
        </section>
      )}

      <section aria-labelledby="notices-heading">
        <h2 id="notices-heading">■ inkanからのお知らせ</h2>
        {notices.status === 'failed' && <ErrorMessage error={notices.error} />}
        {notices.status === 'loaded' && notices.data.items.length === 0 && <p>inkanからのお知らせはありません。</p>}
        {notices.status === 'loaded' && notices.data.items.length > 0 && (
          <ul className="notices">
            {notices.data.items.map((notice) => (
              <li key={notice.noticeId} className={notice.importance === 'IMPORTANT' ? 'important' : undefined}>
                <strong>{notice.title}</strong> <span className="muted">{formatDate(notice.publishedAt)}</span>
                <p>{notice.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <MyList page={page} />
    </Layout>
  );
}
