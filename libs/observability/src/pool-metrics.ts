import type { Pool } from 'pg';
import { METRIC_PREFIX, PlatformMetrics } from './metrics';

/** PostgreSQL pool usage of one process: connections open, idle, and callers waiting for one. */
export function collectPoolMetrics(metrics: PlatformMetrics, pool: Pick<Pool, 'totalCount' | 'idleCount' | 'waitingCount'>): void {
  metrics.collectedGauge({
    name: `${METRIC_PREFIX}pg_pool_connections`,
    help: 'PostgreSQL pool of this process: total and idle connections, and queries waiting for one (state)',
    labelNames: ['state'],
    read: () =>
      Promise.resolve([
        { labels: { state: 'total' }, value: pool.totalCount },
        { labels: { state: 'idle' }, value: pool.idleCount },
        { labels: { state: 'waiting' }, value: pool.waitingCount },
      ]),
  });
}
