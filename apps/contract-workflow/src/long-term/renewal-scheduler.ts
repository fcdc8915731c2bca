import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'bullmq';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { systemActor } from '@app/contracts';
import { CONFIG, LOGGER, outsideContext, runInContext } from '@app/messaging';
import { RENEWAL_SCAN_QUEUE, RenewalQueues, renewalConnection, renewalPrefix } from './renewal-queues';
import { RenewalScan, ScanReport } from './renewal-scan';

/** How often a process checks that the scan's scheduler is still in Redis (a restart without persistence loses it). */
const SCHEDULER_CHECK_MS = 60_000;

/**
 * Runs RenewalScan on a BullMQ job scheduler: every LONG_TERM_RENEWAL_EVERY_MS
 * the scheduler makes one job, and one of the contract-workflow processes
 * takes it, so a run happens once whatever the number of processes. Each
 * process makes sure the scheduler exists at start and every minute after.
 */
@Injectable()
export class RenewalScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | undefined;
  private connection: Redis | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly queues: RenewalQueues,
    private readonly scans: RenewalScan,
  ) {}

  onApplicationBootstrap(): void {
    outsideContext(() => {
      this.connection = renewalConnection(this.config);
      this.worker = new Worker(RENEWAL_SCAN_QUEUE, () => this.run(), {
        connection: this.connection,
        prefix: renewalPrefix(this.config),
        concurrency: 1,
        // A scan of a large archive takes a while: its lock is renewed while it runs, another process takes over if this one dies.
        lockDuration: 60_000,
      });
      this.worker.on('error', (error) => this.logger.warn({ err: error }, 'long-term renewal scan worker: Redis error'));
      this.worker.on('failed', (_job, error) =>
        this.logger.error({ err: error }, 'long-term renewal scan failed; the next run tries again'),
      );
      void this.ensureScheduler();
      this.timer = setInterval(() => void this.ensureScheduler(), Math.min(SCHEDULER_CHECK_MS, this.config.LONG_TERM_RENEWAL_EVERY_MS));
      this.timer.unref();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.worker?.close();
    // BullMQ leaves a connection it was given open.
    this.connection?.disconnect();
  }

  /** The job's return value (kept in Redis) carries the counts; the documents not renewed are in the log line. */
  private async run(): Promise<Omit<ScanReport, 'notRenewed'> & { notRenewed: number }> {
    const report = await runInContext({ actor: systemActor('long-term-renewal-scan') }, () => this.scans.scan());
    return { ...report, notRenewed: report.notRenewed.length };
  }

  private async ensureScheduler(): Promise<void> {
    try {
      if (await this.queues.ensureScheduler()) {
        this.logger.info({ everyMs: this.config.LONG_TERM_RENEWAL_EVERY_MS }, 'long-term renewal scan scheduled');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'long-term renewal scan: scheduler not checked; will try again');
    }
  }
}
