import { Injectable, Inject, OnApplicationBootstrap } from '@nestjs/common';
import { METRIC_PREFIX, METRICS, PlatformMetrics } from '@app/observability';
import { RenewalCounts, RenewalScan } from './renewal-scan';

/** The archive's counts change with a scan or a renewal: a scrape every few seconds need not count them each time. */
const COUNTS_CACHE_MS = 30_000;

/**
 * 長期保管延長's progress for Prometheus: how many stored documents have a proof date, how many renewals are queued
 * or failed (and retried), how many were made and charged, how many 長期保管期限 warnings went out. Read on scrape
 * from the same counts the scan logs.
 */
@Injectable()
export class RenewalMetrics implements OnApplicationBootstrap {
  constructor(
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
    private readonly scans: RenewalScan,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.collectedGauge({
      name: `${METRIC_PREFIX}long_term_documents`,
      help: 'Long-term archive: documents with a proof date, renewals queued, failed, made and charged, expiry warnings sent (by state)',
      labelNames: ['state'],
      cacheMs: COUNTS_CACHE_MS,
      read: async () => {
        const counts: RenewalCounts = await this.scans.counts();
        return Object.entries(counts).map(([state, value]) => ({ labels: { state }, value: Number(value) }));
      },
    });
  }
}
