import { mayBulkSign, useSession } from '../auth/session-context';
import { ContractPage } from '../contracts/contract-types';
import { ErrorMessage } from '../shell/error-message';
import { formatDate } from '../shell/labels';
import { Layout } from '../shell/layout';
import { Routes } from '../shell/router';
import { useApiGet } from '../shell/use-api';

interface NoticePage {
  items: { noticeId: string; title: string; body: string; importance: 'NORMAL' | 'IMPORTANT'; publishedAt: string }[];
}

/** トップページ: お知らせ, the way to 一括署名 for a bulk user, and マイリスト. */
export function TopPage() {
  const { state } = useSession();
  const notices = useApiGet<NoticePage>('/api/notices');
  const myList = useApiGet<ContractPage>('/api/contracts?scope=MY_LIST');
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

      <section aria-labelledby="my-list-heading">
        <h2 id="my-list-heading">■ マイリスト</h2>
        {myList.status === 'loading' && <p className="muted">読み込んでいます…</p>}
        {myList.status === 'failed' && <ErrorMessage error={myList.error} />}
        {myList.status === 'loaded' && (
          <>
            <p data-testid="my-list-count">
              {myList.data.total}件中 {myList.data.from}～{myList.data.to}件目を表示
            </p>
            <table aria-label="マイリスト">
              <thead>
                <tr>
                  <th scope="col">No</th>
                  <th scope="col">文書管理番号</th>
                  <th scope="col">契約文書名称</th>
                  <th scope="col">取引先企業名</th>
                  <th scope="col">取引先受発注区分</th>
                  <th scope="col">ステータス</th>
                </tr>
              </thead>
              <tbody>
                {myList.data.items.map((contract, index) => (
                  <tr key={contract.contractId}>
                    <td>{myList.data.from + index}</td>
                    <td>{contract.documentNumber}</td>
                    <td>{contract.name}</td>
                    <td>{contract.counterparty.companyName}</td>
                    <td>{contract.counterparty.sideLabel}</td>
                    <td>{contract.statusLabel}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </Layout>
  );
}
