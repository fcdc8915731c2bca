import { createHash } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { and, eq, lt } from 'drizzle-orm';
import { DatabaseHandle, Executor } from '@app/db';
import type { Logger } from 'pino';
import { DATABASE, LOGGER } from '@app/messaging';
import { registrationKeys } from '../database/contract-workflow.schema';

/** How long an Idempotency-Key finds its contract: far longer than any client retries, short enough to keep the table small. */
export const REGISTRATION_KEY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface RegistrationKey {
  companyId: string;
  userId: string;
  key: string;
}

/** A registration's identity for its key: the request without the upload's staging ID (a retry stages anew). */
export function registrationFingerprint(request: Record<string, unknown> & { upload: { sha256: string } }): string {
  const { upload, idempotencyKey: _key, ...fields } = request;
  const canonical = JSON.stringify({ fields: sortKeys(fields), uploadSha256: upload.sha256 });
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

@Injectable()
export class RegistrationKeysRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async find(key: RegistrationKey, tx: Executor = this.database.db): Promise<{ fingerprint: string; contractId: string } | undefined> {
    const [row] = await tx
      .select({ fingerprint: registrationKeys.fingerprint, contractId: registrationKeys.contractId })
      .from(registrationKeys)
      .where(
        and(eq(registrationKeys.companyId, key.companyId), eq(registrationKeys.userId, key.userId), eq(registrationKeys.key, key.key)),
      );
    return row;
  }

  /** Records the key with the contract it made; false when a concurrent request with the same key got there first. */
  async claim(tx: Executor, key: RegistrationKey, fingerprint: string, contractId: string): Promise<boolean> {
    const inserted = await tx
      .insert(registrationKeys)
      .values({ ...key, fingerprint, contractId })
      .onConflictDoNothing()
      .returning({ key: registrationKeys.key });
    return inserted.length === 1;
  }

  async prune(now = new Date()): Promise<number> {
    const removed = await this.database.db
      .delete(registrationKeys)
      .where(lt(registrationKeys.createdAt, new Date(now.getTime() - REGISTRATION_KEY_RETENTION_MS)))
      .returning({ key: registrationKeys.key });
    return removed.length;
  }
}

/** Prunes expired keys hourly (and once at start); a failed pass is retried by the next. */
@Injectable()
export class RegistrationKeysPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keys: RegistrationKeysRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const pass = () => {
      this.keys.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'registration key retention pass failed'));
    };
    pass();
    this.timer = setInterval(pass, 60 * 60 * 1000).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
