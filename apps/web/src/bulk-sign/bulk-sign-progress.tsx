import { navigate, Routes } from '../shell/router';
import { BulkSessionView } from './bulk-sign-types';
import { useBulkSignProgress } from './use-bulk-sign-progress';

/** The background signing as it goes: counts, each document's state, and the summary when it is complete. */
export function BulkSignProgress({ initial }: { initial: BulkSessionView }) {
  const session = useBulkSignProgress(initial);
  const complete = session.status === 'COMPLETED';
  return (
    <section aria-labelledby="progress-heading" data-testid="bulk-sign-progress" data-status={session.status}>
      <h2 id="progress-heading">■ 一括署名（受取）の状況</h2>
      <p role="status">
        {complete
          ? `一括署名（受取）が完了しました。締結済 ${session.done}件、署名できなかった契約文書 ${session.failed}件。`
          : '署名しています。対象が多い場合、署名完了までに時間がかかります。この画面のままお待ちください。'}
      </p>
      <progress max={session.total} value={session.done + session.failed} aria-label="進捗" />
      <dl className="counts">
        <dt>状態</dt>
        <dd data-testid="session-status">{session.statusLabel}</dd>
        <dt>対象</dt>
        <dd data-testid="count-total">{session.total}件</dd>
        <dt>締結済</dt>
        <dd data-testid="count-done">{session.done}件</dd>
        <dt>署名できませんでした</dt>
        <dd data-testid="count-failed">{session.failed}件</dd>
        <dt>処理待ち</dt>
        <dd data-testid="count-pending">{session.pending}件</dd>
      </dl>
      <table aria-label="一括署名（受取）の状況">
        <thead>
          <tr>
            <th scope="col">No</th>
            <th scope="col">文書管理番号</th>
            <th scope="col">契約文書名称</th>
            <th scope="col">取引先企業名</th>
            <th scope="col">取引先受発注区分</th>
            <th scope="col">状態</th>
          </tr>
        </thead>
        <tbody>
          {session.items.map((item, index) => (
            <tr key={item.contractId} data-state={item.state}>
              <td>{index + 1}</td>
              <td>{item.documentNumber}</td>
              <td>{item.name}</td>
              <td>{item.counterpartyName}</td>
              <td>{item.counterpartySideLabel}</td>
              <td>
                {item.stateLabel}
                {item.failure && <span className="error">（{item.failure.ja}）</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {complete && (
        <div className="form-actions">
          <button type="button" onClick={() => navigate(Routes.top)}>
            トップページへ
          </button>
        </div>
      )}
    </section>
  );
}
