import { Routes } from '../shell/router';
import { HealthPanel } from './health-panel';

/** 稼働状況: the gateway's /health, reachable without logging in. */
export function HealthPage() {
  return (
    <div className="app">
      <main className="screen narrow">
        <h1>inkan（印鑑）電子契約</h1>
        <section aria-labelledby="health-heading">
          <h2 id="health-heading">稼働状況 / System status</h2>
          <HealthPanel />
        </section>
        <p>
          <a href={`#${Routes.top}`}>トップページへ</a>
        </p>
      </main>
    </div>
  );
}
