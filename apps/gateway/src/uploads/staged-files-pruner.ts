import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { STAGED_FILES, StagedFiles } from '@app/blob-store';
import { LOGGER } from '@app/messaging';

/**
 * Removes staged files nobody took within STAGED_FILE_RETENTION_MS (a
 * gateway that died between staging and discarding), every ten minutes.
 * Several gateways pruning at once only delete the same rows.
 */
@Injectable()
export class StagedFilesPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(STAGED_FILES) private readonly files: StagedFiles,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const pass = () => {
      this.files.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'staged file retention pass failed'));
    };
    this.timer = setInterval(pass, 10 * 60 * 1000).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
