import { useState } from 'react';
import { LoginPage } from './auth/login-page';
import { useSession } from './auth/session-context';
import { BulkSignSelectPage } from './bulk-sign/bulk-sign-select-page';
import { BulkSignSessionPage } from './bulk-sign/bulk-sign-session-page';
import { ContractView } from './contracts/contract-types';
import { HealthPage } from './health/health-page';
import { Layout } from './shell/layout';
import { bulkSignSessionOf, Routes, useHashPath } from './shell/router';
import { TopPage } from './top/top-page';

/** The documents chosen at 対象選択, handed to the next screen in memory only. */
interface Selection {
  sessionId: string;
  contracts: ContractView[];
}

export function App() {
  const path = useHashPath();
  const { state } = useSession();
  const [selection, setSelection] = useState<Selection | null>(null);

  if (path === Routes.health) {
    return <HealthPage />;
  }
  if (state.status === 'loading') {
    return <p className="muted loading">読み込んでいます…</p>;
  }
  if (state.status === 'anonymous') {
    return <LoginPage reason={state.reason} />;
  }
  if (path === Routes.top) {
    return <TopPage />;
  }
  if (path === Routes.bulkSignSelect) {
    return <BulkSignSelectPage onSelected={(session, contracts) => setSelection({ sessionId: session.sessionId, contracts })} />;
  }
  const sessionId = bulkSignSessionOf(path);
  if (sessionId) {
    return (
      <BulkSignSessionPage
        key={sessionId}
        sessionId={sessionId}
        contracts={selection?.sessionId === sessionId ? selection.contracts : undefined}
      />
    );
  }
  return (
    <Layout title="ページが見つかりません">
      <p>
        <a href={`#${Routes.top}`}>トップページへ</a>
      </p>
    </Layout>
  );
}
