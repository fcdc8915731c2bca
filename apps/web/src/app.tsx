import { useEffect, useState } from 'react';
import { LoginPage } from './auth/login-page';
import { useSession } from './auth/session-context';
import { BulkSignSelectPage } from './bulk-sign/bulk-sign-select-page';
import { BulkSignSessionPage } from './bulk-sign/bulk-sign-session-page';
import { BulkSignSelectMemory } from './bulk-sign/bulk-sign-types';
import { ContractPage } from './contracts/contract-page';
import { ContractView } from './contracts/contract-types';
import { HealthPage } from './health/health-page';
import { PasswordChangePage } from './settings/password-change-page';
import { Layout } from './shell/layout';
import { bulkSignSessionOf, contractOf, Routes, topPageOf, useHashPath } from './shell/router';
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
  const [selectMemory, setSelectMemory] = useState<BulkSignSelectMemory | null>(null);

  // One person's search is not the next one's.
  useEffect(() => {
    if (state.status === 'anonymous') {
      setSelectMemory(null);
    }
  }, [state.status]);

  if (path === Routes.health) {
    return <HealthPage />;
  }
  if (state.status === 'loading') {
    return <p className="muted loading">読み込んでいます…</p>;
  }
  if (state.status === 'anonymous') {
    return <LoginPage reason={state.reason} notice={state.notice} />;
  }
  // After the first login (or a reset) the API allows nothing before the change.
  if (state.session.mustChangePassword || path === Routes.password) {
    return <PasswordChangePage required={state.session.mustChangePassword} />;
  }
  const topPage = topPageOf(path);
  if (topPage !== undefined) {
    return <TopPage page={topPage} />;
  }
  if (path === Routes.bulkSignSelect) {
    return (
      <BulkSignSelectPage
        remembered={selectMemory}
        onRemember={setSelectMemory}
        onSelected={(session, contracts) => {
          setSelectMemory(null);
          setSelection({ sessionId: session.sessionId, contracts });
        }}
      />
    );
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
  const contract = contractOf(path);
  if (contract) {
    return <ContractPage key={contract.contractId} contractId={contract.contractId} from={contract.from} />;
  }
  return (
    <Layout title="ページが見つかりません">
      <p>
        <a href={`#${Routes.top}`}>トップページへ</a>
      </p>
    </Layout>
  );
}
