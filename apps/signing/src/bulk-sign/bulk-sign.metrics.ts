import { X509Certificate } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { desc } from 'drizzle-orm';
import { DatabaseHandle } from '@app/db';
import { DATABASE } from '@app/messaging';
import { METRIC_PREFIX, METRICS, PlatformMetrics } from '@app/observability';
import { authorityKeys, platformCa } from '../database/signing.schema';
import { BulkSignQueues, JOB_STATES } from './bulk-sign.queues';

/** A scrape every few seconds reads Redis once; the certificates change only with a new CA. */
const QUEUE_CACHE_MS = 2_000;
const CERTIFICATE_CACHE_MS = 60_000;

/**
 * The signing service's gauges, read on scrape: BullMQ's jobs per queue and state (the signing
 * service reports them, once, not every worker), and the notAfter of the platform CA's root and of
 * the issuing CA's and TSA's current certificates (the newest generation after a rollover), so
 * alerts warn before they expire.
 */
@Injectable()
export class SigningServiceMetrics implements OnApplicationBootstrap {
  constructor(
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly queues: BulkSignQueues,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.collectedGauge({
      name: `${METRIC_PREFIX}bullmq_jobs`,
      help: `BullMQ jobs per queue and state (${JOB_STATES.join(', ')})`,
      labelNames: ['queue', 'state'],
      cacheMs: QUEUE_CACHE_MS,
      read: async () =>
        (await this.queues.jobCounts()).flatMap(({ queue, counts }) =>
          JOB_STATES.map((state) => ({ labels: { queue, state }, value: counts[state] ?? 0 })),
        ),
    });
    this.metrics.collectedGauge({
      name: `${METRIC_PREFIX}certificate_not_after_seconds`,
      help: 'When the platform CA’s root and issuing certificates and the TSA certificate expire (Unix seconds), by certificate',
      labelNames: ['certificate'],
      cacheMs: CERTIFICATE_CACHE_MS,
      read: async () => {
        const [row] = await this.database.db
          .select({ root: platformCa.rootCertificate, issuing: platformCa.issuingCertificate, tsa: platformCa.tsaCertificate })
          .from(platformCa)
          .limit(1);
        if (!row) {
          return [];
        }
        // After a rollover the newest generation signs: its certificate is the one to renew in time.
        const rolled = await this.database.db
          .select({ kind: authorityKeys.kind, certificate: authorityKeys.certificate })
          .from(authorityKeys)
          .orderBy(desc(authorityKeys.generation));
        const newest = (kind: string) => rolled.find((key) => key.kind === kind)?.certificate;
        const current = { 'ca-root': row.root, 'ca-issuing': newest('issuing-ca') ?? row.issuing, tsa: newest('tsa') ?? row.tsa };
        return Object.entries(current).map(([certificate, pem]) => ({
          labels: { certificate },
          value: Math.floor(Date.parse(new X509Certificate(pem).validTo) / 1_000),
        }));
      },
    });
  }
}
